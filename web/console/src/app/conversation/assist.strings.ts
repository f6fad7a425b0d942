/** The AI assist panel beside a conversation: the summary's parts and intents in words (`assist.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'assist.part.problem': '问题',
    'assist.part.tried': '已尝试',
    'assist.part.status': '状态',
    'assist.part.next': '下一步',
    'assist.intent.order_status': '订单状态',
    'assist.intent.delivery': '配送物流',
    'assist.intent.refund_return': '退款退货',
    'assist.intent.payment': '付款',
    'assist.intent.account': '账号',
    'assist.intent.product_question': '商品咨询',
    'assist.intent.complaint': '投诉',
    'assist.intent.human_request': '要求人工',
    'assist.intent.greeting_thanks': '问候或致谢',
    'assist.intent.oos': '其他问题',
  },
  en: {
    'assist.part.problem': 'Problem',
    'assist.part.tried': 'Tried',
    'assist.part.status': 'Status',
    'assist.part.next': 'Next step',
    'assist.intent.order_status': 'Order status',
    'assist.intent.delivery': 'Delivery',
    'assist.intent.refund_return': 'Refund or return',
    'assist.intent.payment': 'Payment',
    'assist.intent.account': 'Account',
    'assist.intent.product_question': 'Product question',
    'assist.intent.complaint': 'Complaint',
    'assist.intent.human_request': 'Asks for a person',
    'assist.intent.greeting_thanks': 'Greeting or thanks',
    'assist.intent.oos': 'Other question',
  },
});
