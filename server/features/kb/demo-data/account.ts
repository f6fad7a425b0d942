/** Demo articles: account and invoices (zh-CN + en translations of each article). */
import type { DemoArticle } from './categories.ts';

export const ACCOUNT_ARTICLES: DemoArticle[] = [
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
