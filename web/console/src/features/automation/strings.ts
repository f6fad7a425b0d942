/** zh-CN / en strings of the automation page (prefix `auto.`). */
export const messages = {
  'zh-CN': {
    'auto.title': '自动化规则', 'auto.rules': '规则（按顺序执行）', 'auto.none': '还没有规则。', 'auto.name': '名称', 'auto.event': '触发事件',
    'auto.conditions': '条件（JSON：all / any 组）', 'auto.actions': '动作（JSON 数组）', 'auto.actionsShort': '动作', 'auto.stop': '匹配后停止后续规则', 'auto.enabled': '启用',
    'auto.create': '创建规则', 'auto.delete': '删除', 'auto.dryRun': '试运行（最近会话）', 'auto.matched': '匹配 {matched} / {checked} 个最近会话',
    'auto.audit': '执行记录', 'auto.noAudit': '还没有执行记录。', 'auto.outcome.fired': '已执行', 'auto.outcome.loop_blocked': '循环保护已拦截',
    'auto.outcome.error': '出错', 'auto.badJson': 'JSON 格式不正确', 'auto.error': '保存失败：{message}', 'auto.stopShort': '停止',
    'auto.event.conversation_created': '会话创建', 'auto.event.conversation_updated': '会话更新', 'auto.event.message_received': '收到消息',
    'auto.event.message_analyzed': '消息分析完成', 'auto.event.sla_warning': 'SLA 预警', 'auto.event.sla_breached': 'SLA 超时',
    'auto.event.emotion_alert': '情绪预警', 'auto.event.csat_received': '收到满意度评价',
  },
  en: {
    'auto.title': 'Automation rules', 'auto.rules': 'Rules (run in order)', 'auto.none': 'No rules yet.', 'auto.name': 'Name', 'auto.event': 'Event',
    'auto.conditions': 'Conditions (JSON: all / any groups)', 'auto.actions': 'Actions (JSON array)', 'auto.actionsShort': 'Actions', 'auto.stop': 'Stop processing further rules', 'auto.enabled': 'Enabled',
    'auto.create': 'Create rule', 'auto.delete': 'Delete', 'auto.dryRun': 'Dry run (recent conversations)', 'auto.matched': 'Matches {matched} of {checked} recent conversations',
    'auto.audit': 'Firings', 'auto.noAudit': 'No firings yet.', 'auto.outcome.fired': 'Fired', 'auto.outcome.loop_blocked': 'Blocked by loop protection',
    'auto.outcome.error': 'Error', 'auto.badJson': 'Invalid JSON', 'auto.error': 'Could not save: {message}', 'auto.stopShort': 'stop',
    'auto.event.conversation_created': 'Conversation created', 'auto.event.conversation_updated': 'Conversation updated', 'auto.event.message_received': 'Message received',
    'auto.event.message_analyzed': 'Message analyzed', 'auto.event.sla_warning': 'SLA warning', 'auto.event.sla_breached': 'SLA breached',
    'auto.event.emotion_alert': 'Emotion alert', 'auto.event.csat_received': 'CSAT received',
  },
};
