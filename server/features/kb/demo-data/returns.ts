/** Demo articles: returns, refunds and payment (zh-CN + en translations of each article). */
import type { DemoArticle } from './categories.ts';

export const RETURN_ARTICLES: DemoArticle[] = [
  {
    category: 'returns',
    zh: {
      title: '退货政策：支持七天无理由退货吗？',
      answer:
        '支持。签收后 7 天内、商品不影响二次销售即可申请无理由退货；质量问题退货运费由我们承担。',
      body: '## 退货政策\n- 签收 **7 天内** 可申请无理由退货\n- 商品、配件、吊牌完好\n- 质量问题：运费由我们承担；无理由退货：运费由您承担\n\n申请入口：我的订单 → **申请售后**。',
      similar: ['怎么退货', '七天无理由退货', '可以退货吗', '不喜欢能退吗', '退货流程', '申请售后'],
      keywords: ['退货', '售后'],
    },
    en: {
      title: 'Return policy: can I return an item within 7 days?',
      answer:
        'Yes. Within 7 days of delivery you can return items in resellable condition for any reason; we pay return shipping for defective items.',
      body: '## Return policy\n- Return within **7 days** of delivery, no reason needed\n- Items, accessories and tags intact\n- Defective items: we pay return shipping; other returns: you pay\n\nStart in My Orders → **Request return**.',
      similar: [
        'how do i return an item',
        'return policy',
        'can i send it back',
        'i want to return the shoes',
        'return process',
      ],
      keywords: ['return', 'policy'],
    },
  },
  {
    category: 'returns',
    zh: {
      title: '退款多久到账？',
      answer:
        '我们收到退货并验收后 1 个工作日内发起退款，原路退回：微信/支付宝 1–3 天，银行卡 3–7 个工作日。',
      body: '## 退款时效\n仓库签收退货后 **1 个工作日** 内验收并退款。\n\n| 支付方式 | 到账时间 |\n|---|---|\n| 微信支付 / 支付宝 | 1–3 天 |\n| 银行卡 | 3–7 个工作日 |',
      similar: ['退款多久到账', '钱什么时候退回来', '退款进度', '退款还没收到', '怎么还没退钱'],
      keywords: ['退款', '到账'],
    },
    en: {
      title: 'When will I get my refund?',
      answer:
        'We refund within 1 business day after the return passes inspection, to the original payment method: WeChat Pay/Alipay 1–3 days, bank cards 3–7 business days.',
      body: '## Refund times\nWe inspect returns and refund within **1 business day** of receiving them.\n\n| Method | Arrives in |\n|---|---|\n| WeChat Pay / Alipay | 1–3 days |\n| Bank card | 3–7 business days |',
      similar: [
        'when will i get my refund',
        'refund status',
        'i have not received my refund',
        'how long do refunds take',
        'where is my money',
      ],
      keywords: ['refund', 'status'],
    },
  },
  {
    category: 'returns',
    zh: {
      title: '尺码不合适可以换货吗？',
      answer:
        '可以。签收后 7 天内在「申请售后」中选择「换货」并选择新尺码，我们收到原商品后 48 小时内寄出新商品。',
      body: '## 换货\n1. 我的订单 → **申请售后** → **换货**\n2. 选择新的尺码或颜色\n3. 寄回原商品，我们收到后 48 小时内发出新商品\n\n换货仅限同款商品。',
      similar: ['尺码不合适能换吗', '怎么换货', '换个颜色', '买小了能换大一号吗', '换尺码'],
      keywords: ['换货', '尺码'],
    },
    en: {
      title: 'Can I exchange an item for another size?',
      answer:
        'Yes. Within 7 days of delivery choose "Exchange" under "Request return" and pick the new size; we ship it within 48 hours of receiving the original.',
      body: '## Exchanges\n1. My Orders → **Request return** → **Exchange**\n2. Choose the new size or colour\n3. Send the item back; we ship the replacement within 48 hours of receiving it\n\nExchanges are for the same product only.',
      similar: [
        'exchange for a different size',
        'the shoes are too small',
        'swap size',
        'can i exchange an item',
        'change colour',
      ],
      keywords: ['exchange', 'size'],
    },
  },
  {
    category: 'payment',
    zh: {
      title: '支持哪些支付方式？',
      answer: '支持微信支付、支付宝、银联卡和信用卡（Visa/Mastercard），部分地区支持货到付款。',
      body: '## 支付方式\n- 微信支付\n- 支付宝\n- 银联借记卡/信用卡\n- Visa / Mastercard\n- 货到付款（部分地区，结算页可见）',
      similar: [
        '可以用什么付款',
        '支持支付宝吗',
        '能用信用卡吗',
        '支持货到付款吗',
        '付款方式有哪些',
      ],
      keywords: ['支付方式', '付款'],
    },
    en: {
      title: 'Which payment methods do you accept?',
      answer:
        'WeChat Pay, Alipay, UnionPay and Visa/Mastercard cards; cash on delivery in some areas.',
      body: '## Payment methods\n- WeChat Pay\n- Alipay\n- UnionPay debit/credit cards\n- Visa / Mastercard\n- Cash on delivery (some areas, shown at checkout)',
      similar: [
        'payment methods',
        'can i pay with credit card',
        'do you accept alipay',
        'how can i pay',
        'cash on delivery',
      ],
      keywords: ['payment methods'],
    },
  },
  {
    category: 'payment',
    zh: {
      title: '支付失败或扣款了但订单未支付怎么办？',
      answer:
        '请先确认余额和网络后重试；若已扣款但订单显示未支付，款项通常会在 1–3 个工作日内自动退回，无需重复付款。',
      body: '## 支付失败\n1. 检查余额、银行卡限额和网络\n2. 换一种支付方式重试\n\n## 扣款了但订单未支付\n银行通常会在 **1–3 个工作日** 内自动退回。超过 3 天未退回，请提供扣款截图联系客服。',
      similar: ['支付失败怎么办', '付款不成功', '扣钱了但是订单没付款', '重复扣款', '付不了款'],
      keywords: ['支付失败', '扣款'],
    },
    en: {
      title: 'My payment failed, or I was charged but the order is unpaid',
      answer:
        'Check your balance and connection and try again. If you were charged but the order shows unpaid, the money is returned automatically within 1–3 business days; do not pay twice.',
      body: '## Payment failed\n1. Check your balance, card limit and connection\n2. Try another payment method\n\n## Charged but unpaid\nThe bank usually returns the money within **1–3 business days**. If not, chat with us and send a screenshot of the charge.',
      similar: [
        'payment failed',
        'my card was declined',
        'charged but order not paid',
        'double charged',
        'cannot pay',
      ],
      keywords: ['payment failed', 'charged'],
    },
  },
];
