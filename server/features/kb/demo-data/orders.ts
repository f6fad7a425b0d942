/** Starter knowledge base for e-commerce customer service, zh-CN + en translations of each article. */
export interface DemoCategory {
  key: string;
  names: { 'zh-CN': string; en: string };
  descriptions: { 'zh-CN': string; en: string };
}
export interface DemoSide {
  title: string;
  answer: string;
  body: string;
  similar: string[];
  keywords: string[];
}
export interface DemoArticle {
  category: string;
  zh: DemoSide;
  en: DemoSide;
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    key: 'orders',
    names: { 'zh-CN': '订单', en: 'Orders' },
    descriptions: { 'zh-CN': '查询、修改和取消订单', en: 'Track, change and cancel orders' },
  },
  {
    key: 'shipping',
    names: { 'zh-CN': '物流配送', en: 'Shipping & delivery' },
    descriptions: {
      'zh-CN': '发货时间、运费与配送范围',
      en: 'Delivery times, fees and where we ship',
    },
  },
  {
    key: 'returns',
    names: { 'zh-CN': '退货退款', en: 'Returns & refunds' },
    descriptions: {
      'zh-CN': '七天无理由退货、退款进度与换货',
      en: '7-day returns, refund status and exchanges',
    },
  },
  {
    key: 'payment',
    names: { 'zh-CN': '支付', en: 'Payment' },
    descriptions: { 'zh-CN': '支付方式与支付问题', en: 'Payment methods and payment problems' },
  },
  {
    key: 'account',
    names: { 'zh-CN': '账户', en: 'Account' },
    descriptions: { 'zh-CN': '登录、密码与个人信息', en: 'Sign-in, password and profile' },
  },
  {
    key: 'invoices',
    names: { 'zh-CN': '发票', en: 'Invoices' },
    descriptions: { 'zh-CN': '申请和修改发票', en: 'Request and correct invoices' },
  },
];

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    category: 'orders',
    zh: {
      title: '我的快递到哪了？',
      answer:
        '打开「我的订单」，点进对应订单后选择「查看物流」，即可看到实时物流轨迹和快递单号。发货后 24 小时内物流信息会更新。',
      body: '## 查看物流\n1. 登录后进入 **我的订单**。\n2. 选择订单，点击 **查看物流**。\n3. 可复制快递单号，到快递公司官网查询。\n\n发货后约 24 小时内物流信息开始更新。如果超过 3 天没有更新，请联系在线客服。',
      similar: [
        '我的快递到哪了',
        '物流信息怎么查',
        '包裹什么时候到',
        '怎么查快递单号',
        '订单物流一直不更新',
        '查一下我的订单状态',
      ],
      keywords: ['物流', '快递', '订单状态'],
    },
    en: {
      title: 'Where is my order?',
      answer:
        'Open "My Orders", select the order and tap "Track package" to see live tracking and the tracking number. Tracking updates within 24 hours of dispatch.',
      body: "## Track your package\n1. Sign in and open **My Orders**.\n2. Select the order and tap **Track package**.\n3. Copy the tracking number to check on the carrier's website.\n\nTracking starts updating within about 24 hours of dispatch. If nothing changes for 3 days, chat with us.",
      similar: [
        'where is my order',
        'track my package',
        'order status',
        'when will my parcel arrive',
        'tracking number',
        'my tracking has not updated',
      ],
      keywords: ['tracking', 'order status', 'delivery'],
    },
  },
  {
    category: 'orders',
    zh: {
      title: '怎么取消订单？',
      answer:
        '订单发货前可以在「我的订单」中点击「取消订单」，款项会原路退回。已发货的订单请在收货后申请退货。',
      body: '## 取消订单\n- **未发货**：在订单详情点击 **取消订单**，选择原因并确认，退款 1–3 个工作日原路退回。\n- **已发货**：无法直接取消，可拒收或收货后申请 [退货](#)。',
      similar: [
        '怎么取消订单',
        '订单不想要了',
        '下错单了能取消吗',
        '取消订单后多久退款',
        '撤销订单',
      ],
      keywords: ['取消', '订单'],
    },
    en: {
      title: 'How do I cancel an order?',
      answer:
        'Before it ships, open "My Orders" and tap "Cancel order"; you are refunded to the original payment method. Once shipped, request a return after delivery.',
      body: '## Cancel an order\n- **Not shipped yet**: open the order, tap **Cancel order**, pick a reason and confirm. The refund reaches your original payment method in 1–3 business days.\n- **Already shipped**: it can no longer be cancelled; refuse the delivery or request a return after it arrives.',
      similar: [
        'cancel my order',
        'i ordered by mistake',
        'can i cancel an order',
        'how to cancel a purchase',
        'stop my order',
      ],
      keywords: ['cancel', 'order'],
    },
  },
  {
    category: 'orders',
    zh: {
      title: '下单后怎么修改收货地址？',
      answer:
        '订单发货前，可在订单详情点击「修改地址」更改一次收货地址；已发货的订单请联系客服协助联系快递改派。',
      body: '## 修改收货地址\n订单 **发货前**：订单详情 → **修改地址**，每个订单可修改一次。\n\n订单 **已发货**：请联系在线客服，我们会尝试联系快递公司改派，但无法保证成功。',
      similar: [
        '能修改收货地址吗',
        '收货地址填错了怎么办',
        '下单后还能改地址吗',
        '更换收货地址',
        '地址写错了',
      ],
      keywords: ['地址', '修改'],
    },
    en: {
      title: 'How do I change the delivery address?',
      answer:
        'Before the order ships, open it and tap "Change address" (once per order). If it has shipped, chat with us and we will ask the carrier to redirect it.',
      body: '## Change the delivery address\n**Before dispatch**: open the order → **Change address**; you can do this once per order.\n\n**After dispatch**: chat with us and we will ask the carrier to redirect the parcel (not always possible).',
      similar: [
        'change my delivery address',
        'wrong shipping address',
        'update address after ordering',
        'can i change where my order is sent',
        'i entered the wrong address',
      ],
      keywords: ['address', 'change'],
    },
  },
  {
    category: 'shipping',
    zh: {
      title: '下单后多久发货？多久能收到？',
      answer:
        '现货商品 48 小时内发货，一般 2–5 天送达；偏远地区 5–7 天。预售商品以商品页显示的发货时间为准。',
      body: '## 发货与送达时间\n| 类型 | 发货 | 送达 |\n|---|---|---|\n| 现货 | 48 小时内 | 2–5 天 |\n| 偏远地区 | 48 小时内 | 5–7 天 |\n| 预售 | 见商品页 | 发货后 2–5 天 |',
      similar: ['什么时候发货', '多久能收到货', '几天能到', '发货要多长时间', '下单后多久发出'],
      keywords: ['发货', '时效'],
    },
    en: {
      title: 'When will my order ship and arrive?',
      answer:
        'In-stock items ship within 48 hours and usually arrive in 2–5 days (5–7 days for remote areas). Pre-orders ship on the date shown on the product page.',
      body: '## Shipping times\n| Type | Ships | Arrives |\n|---|---|---|\n| In stock | within 48 h | 2–5 days |\n| Remote areas | within 48 h | 5–7 days |\n| Pre-order | see product page | 2–5 days after dispatch |',
      similar: [
        'when will my order ship',
        'how long does delivery take',
        'delivery time',
        'how many days to arrive',
        'when do you dispatch',
      ],
      keywords: ['shipping time', 'dispatch'],
    },
  },
  {
    category: 'shipping',
    zh: {
      title: '运费怎么算？满多少包邮？',
      answer: '单笔订单满 99 元包邮，不满 99 元收取 8 元运费；偏远地区另有说明。运费在结算页显示。',
      body: '## 运费\n- 满 **99 元** 包邮\n- 不满 99 元：运费 **8 元**\n- 新疆、西藏等偏远地区：以结算页为准',
      similar: ['运费多少', '满多少包邮', '为什么要收运费', '包邮吗', '邮费怎么算'],
      keywords: ['运费', '包邮'],
    },
    en: {
      title: 'How much is shipping? Is there free shipping?',
      answer:
        'Orders of ¥99 or more ship free; below that shipping is ¥8. Remote areas may differ; the exact fee is shown at checkout.',
      body: '## Shipping fees\n- **Free** on orders of ¥99 or more\n- Below ¥99: **¥8**\n- Remote areas: shown at checkout',
      similar: [
        'how much is shipping',
        'free shipping',
        'shipping cost',
        'delivery fee',
        'why do i pay for shipping',
      ],
      keywords: ['shipping fee', 'free shipping'],
    },
  },
  {
    category: 'shipping',
    zh: {
      title: '可以寄到海外吗？',
      answer: '目前支持寄送至中国大陆、港澳台地区及新加坡、马来西亚，国际运费和时效在结算页显示。',
      body: '## 配送范围\n支持：中国大陆、香港、澳门、台湾、新加坡、马来西亚。\n\n国际订单可能产生进口关税，由收件人承担。',
      similar: ['能寄到国外吗', '支持国际配送吗', '可以发香港吗', '海外能买吗', '寄到新加坡'],
      keywords: ['海外', '国际'],
    },
    en: {
      title: 'Do you ship internationally?',
      answer:
        'We ship to mainland China, Hong Kong, Macau, Taiwan, Singapore and Malaysia. International fees and times are shown at checkout.',
      body: '## Where we ship\nMainland China, Hong Kong, Macau, Taiwan, Singapore and Malaysia.\n\nInternational orders may incur import duties, paid by the recipient.',
      similar: [
        'do you ship internationally',
        'ship to singapore',
        'international delivery',
        'do you ship abroad',
        'can you deliver to hong kong',
      ],
      keywords: ['international', 'overseas'],
    },
  },
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
  {
    category: 'account',
    zh: {
      title: '忘记密码怎么办？',
      answer: '在登录页点击「忘记密码」，输入注册手机号或邮箱获取验证码，即可设置新密码。',
      body: '## 重置密码\n1. 登录页 → **忘记密码**\n2. 输入注册手机号或邮箱，获取验证码\n3. 设置新密码（至少 8 位）\n\n收不到验证码？请检查垃圾邮件，或 60 秒后重新获取。',
      similar: ['忘记密码了', '怎么重置密码', '登录不上', '密码错误登不进去', '修改密码'],
      keywords: ['密码', '登录'],
    },
    en: {
      title: 'I forgot my password',
      answer:
        'On the sign-in page tap "Forgot password", enter your phone number or email to get a code, then set a new password.',
      body: '## Reset your password\n1. Sign-in page → **Forgot password**\n2. Enter your phone number or email and get a code\n3. Choose a new password (at least 8 characters)\n\nNo code? Check your spam folder or request a new one after 60 seconds.',
      similar: [
        'forgot my password',
        'reset password',
        'i cannot log in',
        'change my password',
        'login problem',
      ],
      keywords: ['password', 'login'],
    },
  },
  {
    category: 'account',
    zh: {
      title: '怎么修改绑定的手机号或邮箱？',
      answer:
        '进入「我的账户」→「账户安全」，验证原手机号或邮箱后即可更换；原手机号不可用时请联系客服人工核验。',
      body: '## 更换手机号或邮箱\n我的账户 → **账户安全** → **更换手机号/邮箱**，验证原号码后设置新号码。\n\n原手机号已停用？请联系在线客服，提供订单信息进行人工核验。',
      similar: ['怎么换手机号', '修改绑定邮箱', '手机号不用了怎么办', '更改账户信息', '换绑手机'],
      keywords: ['手机号', '邮箱', '账户'],
    },
    en: {
      title: 'How do I change my phone number or email?',
      answer:
        'Go to "My Account" → "Security", verify your current phone or email, then enter the new one. If you lost the old number, chat with us for a manual check.',
      body: '## Change phone or email\nMy Account → **Security** → **Change phone/email**, verify the current one, then set the new one.\n\nLost your old number? Chat with us with an order number for a manual check.',
      similar: [
        'change my phone number',
        'update my email',
        'change account details',
        'i lost my old phone number',
        'edit profile',
      ],
      keywords: ['phone', 'email', 'account'],
    },
  },
  {
    category: 'invoices',
    zh: {
      title: '怎么开发票？',
      answer:
        '订单完成后，在订单详情点击「申请发票」，填写抬头和税号，电子发票会在 1–3 个工作日内发送到您的邮箱。',
      body: '## 申请发票\n1. 订单完成后进入订单详情\n2. 点击 **申请发票**，选择个人或企业\n3. 企业发票请填写抬头和税号\n\n电子发票 **1–3 个工作日** 内发送到邮箱，也可在订单详情下载。',
      similar: ['怎么开发票', '如何申请发票', '能开增值税发票吗', '发票什么时候发', '需要发票'],
      keywords: ['发票', '开票'],
    },
    en: {
      title: 'How do I get an invoice?',
      answer:
        'After the order is completed, open it and tap "Request invoice", enter the name and tax ID; the e-invoice is emailed within 1–3 business days.',
      body: '## Request an invoice\n1. Open a completed order\n2. Tap **Request invoice**, choose personal or company\n3. For a company invoice enter the company name and tax ID\n\nThe e-invoice is emailed within **1–3 business days** and can be downloaded from the order.',
      similar: [
        'how do i get an invoice',
        'request a receipt',
        'i need a vat invoice',
        'when will i receive the invoice',
        'download invoice',
      ],
      keywords: ['invoice', 'receipt'],
    },
  },
  {
    category: 'invoices',
    zh: {
      title: '发票抬头开错了怎么修改？',
      answer: '发票开具后 30 天内可在订单详情点击「修改发票」重新开具一次，原发票会自动作废。',
      body: '## 修改发票\n开票后 **30 天内**：订单详情 → **修改发票**，填写正确抬头和税号，原发票自动作废并重新开具。\n\n超过 30 天请联系客服。',
      similar: [
        '发票抬头填错了怎么改',
        '发票抬头可以修改吗',
        '开错发票了',
        '重新开发票',
        '发票税号写错了',
      ],
      keywords: ['发票', '抬头', '修改'],
    },
    en: {
      title: 'How do I correct an invoice?',
      answer:
        'Within 30 days of issue, open the order and tap "Correct invoice" to reissue it once; the old invoice is voided automatically.',
      body: '## Correct an invoice\nWithin **30 days** of issue: order details → **Correct invoice**, enter the right name and tax ID; the old invoice is voided and a new one issued.\n\nAfter 30 days, chat with us.',
      similar: [
        'wrong name on invoice',
        'correct my invoice',
        'reissue invoice',
        'change invoice details',
        'tax id is wrong on the invoice',
      ],
      keywords: ['invoice', 'correct'],
    },
  },
];
