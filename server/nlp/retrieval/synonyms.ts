/**
 * Small e-commerce synonym groups (zh + en). Every term of a group is mapped to the group's first
 * term at index and query time. Terms are normalized tokens (English stemmed by `stemEn`).
 */
export const DEFAULT_SYNONYMS: string[][] = [
  ['快递', '物流', '包裹', '快件', '邮包', '运单'],
  ['发货', '出货', '寄出', '发出'],
  ['退款', '退钱', '返款', '退费'],
  ['退货', '退回', '寄回'],
  ['换货', '更换', '调换'],
  ['付款', '支付', '付钱', '买单', '结账'],
  ['订单', '单子', '订货单'],
  ['客服', '人工', '售后'],
  ['账号', '账户', '帐号', '帐户', '用户名'],
  ['密码', '口令'],
  ['优惠券', '折扣券', '代金券', '红包'],
  ['发票', '收据', '票据'],
  ['地址', '收货地址', '住址'],
  ['取消', '撤销', '作废'],
  ['多久', '多长时间', '几天'],
  ['parcel', 'package', 'shipment', 'deliveri'],
  ['ship', 'dispatch', 'send'],
  ['refund', 'reimburse', 'repay'],
  ['return', 'exchange'],
  ['pay', 'payment', 'checkout', 'purchase'],
  ['track', 'locate', 'trace'],
  ['account', 'profile', 'login', 'username'],
  ['password', 'passcode', 'pin'],
  ['coupon', 'voucher', 'promo', 'discount'],
  ['invoice', 'receipt', 'bill'],
  ['cancel', 'revoke', 'abort'],
  ['card', 'debit', 'credit'],
  ['money', 'fund', 'cash'],
  ['wrong', 'incorrect', 'mistaken'],
  ['broken', 'damag', 'defective', 'faulty'],
];

export type SynonymMap = Map<string, string>;

export function buildSynonymMap(groups: string[][] = DEFAULT_SYNONYMS): SynonymMap {
  const map: SynonymMap = new Map();
  for (const g of groups) for (const t of g) if (!map.has(t)) map.set(t, g[0]);
  return map;
}
