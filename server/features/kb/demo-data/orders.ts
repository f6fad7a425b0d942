/** Demo articles: orders and shipping (zh-CN + en translations of each article). */
import type { DemoArticle } from './categories.ts';

export const ORDER_ARTICLES: DemoArticle[] = [
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
];
