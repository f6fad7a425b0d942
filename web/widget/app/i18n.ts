/** Every string a visitor reads, in zh-CN and en. */
export type Locale = 'zh-CN' | 'en';

const zh = {
  title: '在线客服', close: '关闭', soundOn: '开启提示音', soundOff: '关闭提示音', send: '发送', attach: '发送文件',
  placeholder: '输入消息…', composerLabel: '消息（Enter 发送，Shift+Enter 换行）', sending: '发送中…', failed: '发送失败',
  read: '已读', delivered: '已送达', reconnecting: '网络已断开，正在重新连接…消息会在恢复后自动发送', connecting: '正在连接…',
  agent: '客服', bot: '智能助手', you: '我', system: '系统', typing: '客服正在输入…',
  talkToHuman: '转人工客服', talkToHumanHint: '当前为智能助手自动回复', handingOver: '正在转接…',
  queue: (n: number, m: number | null) => `您前面还有 ${n} 位${m != null ? `，预计等待约 ${m} 分钟` : ''}`,
  csatTitle: '请为本次服务评分', csatStar: (n: number) => `${n} 星`, csatComment: '留言（可选）', csatSubmit: '提交评价',
  csatThanks: '感谢您的评价！', csatLabels: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
  prechatTitle: '开始对话前，请留下您的信息', name: '姓名', email: '邮箱', phone: '电话', required: '（必填）', start: '开始对话',
  fieldRequired: '请填写此项', emailInvalid: '请输入有效的邮箱地址',
  offlineTitle: '客服暂时不在线', outOfHoursTitle: '现在是非工作时间', backAt: (when: string) => `我们将于 ${when} 恢复服务。`, offlineBody: '请留下您的联系方式和问题，我们会尽快通过邮件回复您。', message: '留言内容',
  offlineSend: '提交留言', leaveMessage: '不想等待？留言，我们会通过邮件回复', offlineThanks: '已收到您的留言，我们会尽快通过邮件回复您。', offlineBanner: '客服暂时不在线，您的消息会在客服上线后得到回复。',
  searchArticles: '搜索帮助文章', searchPlaceholder: '输入关键词，例如：退货', articles: '相关帮助文章',
  helpful: '有帮助', notHelpful: '没有帮助', feedbackThanks: '感谢反馈', uploading: '正在上传…', uploadFailed: '文件上传失败',
  download: '下载', greeting: '您好！有什么可以帮您？', blocked: '此网站未被允许使用该聊天窗口。',
  about: '关于：', removeContext: '不附带此页面信息',
};

const en: typeof zh = {
  title: 'Chat with us', close: 'Close', soundOn: 'Turn sound on', soundOff: 'Turn sound off', send: 'Send', attach: 'Send a file',
  placeholder: 'Type a message…', composerLabel: 'Message (Enter to send, Shift+Enter for a new line)', sending: 'Sending…', failed: 'Not sent',
  read: 'Read', delivered: 'Delivered', reconnecting: 'Connection lost, reconnecting… your messages will be sent when it is back', connecting: 'Connecting…',
  agent: 'Agent', bot: 'Assistant', you: 'You', system: 'System', typing: 'Agent is typing…',
  talkToHuman: 'Talk to a human', talkToHumanHint: 'You are chatting with an automated assistant', handingOver: 'Connecting…',
  queue: (n: number, m: number | null) => `You are number ${n} in the queue${m != null ? `, about ${m} minute${m === 1 ? '' : 's'}` : ''}`,
  csatTitle: 'How did we do?', csatStar: (n: number) => `${n} star${n === 1 ? '' : 's'}`, csatComment: 'Comment (optional)', csatSubmit: 'Send rating',
  csatThanks: 'Thank you for your feedback!', csatLabels: ['Very poor', 'Poor', 'OK', 'Good', 'Excellent'],
  prechatTitle: 'Before we start, please tell us about you', name: 'Name', email: 'Email', phone: 'Phone', required: ' (required)', start: 'Start chat',
  fieldRequired: 'Please fill this in', emailInvalid: 'Please enter a valid email address',
  offlineTitle: 'We are offline right now', outOfHoursTitle: 'We are closed right now', backAt: (when: string) => `We are back ${when}.`, offlineBody: 'Leave your details and question and we will reply by email as soon as we can.', message: 'Message',
  offlineSend: 'Send message', leaveMessage: 'Rather not wait? Leave a message and we will email you', offlineThanks: 'Thanks, we got your message and will reply by email soon.', offlineBanner: 'No agent is online right now; we will reply as soon as someone is back.',
  searchArticles: 'Search help articles', searchPlaceholder: 'Keywords, e.g. returns', articles: 'Related help articles',
  helpful: 'Helpful', notHelpful: 'Not helpful', feedbackThanks: 'Thanks for the feedback', uploading: 'Uploading…', uploadFailed: 'Upload failed',
  download: 'Download', greeting: 'Hi! How can we help you?', blocked: 'This website is not allowed to use this chat.',
  about: 'About:', removeContext: 'Do not attach this page',
};

export type Strings = typeof zh;
export const strings: Record<Locale, Strings> = { 'zh-CN': zh, en };

export function pickLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const c of candidates) {
    if (!c) continue;
    if (/^zh/i.test(c)) return 'zh-CN';
    if (/^en/i.test(c)) return 'en';
  }
  return 'zh-CN';
}
