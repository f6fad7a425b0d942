/** zh-CN / en strings of the failed-background-work page (prefix `jobs.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'jobs.title': '失败的后台任务',
    'jobs.hint':
      '这些后台任务（消息分析、机器人回复、分配路由等）在自动重试后仍然失败。“重试”会针对同一事件立即再运行一次；“丢弃”则放弃这项任务，不再执行。',
    'jobs.list': '失败的任务',
    'jobs.refresh': '刷新',
    'jobs.loading': '加载中…',
    'jobs.loadMore': '加载更多',
    'jobs.empty': '没有失败的后台任务',
    'jobs.emptyHint': '所有后台任务都已成功运行。',
    'jobs.event': '事件',
    'jobs.attempts': '已尝试 {n} 次',
    'jobs.lastFailed': '最后失败：{time}',
    'jobs.firstFailed': '首次失败：{time}',
    'jobs.error': '错误信息',
    'jobs.retry': '重试',
    'jobs.retrying': '正在重试…',
    'jobs.discard': '丢弃',
    'jobs.retryOk': '重试成功：{processor}（{event}）已完成。',
    'jobs.retryFailed': '重试仍然失败（已尝试 {n} 次）。',
    'jobs.discardTitle': '丢弃这项任务？',
    'jobs.discardText': '{processor}（{event}，事件 #{id}）将不再执行，也无法恢复。',
    'jobs.discardConfirm': '丢弃',
    'jobs.cancel': '取消',
    'jobs.discarded': '已丢弃：{processor}（{event}）。',
    'jobs.failedAction': '操作失败：{message}',
    'jobs.gone': '这项任务已不存在（可能已被其他管理员处理）。',
    'jobs.p.ai-analyze': '消息分析',
    'jobs.p.ai-bot': '机器人回复',
    'jobs.p.routing-queue': '分配路由',
    'jobs.p.routing-sla': 'SLA',
    'jobs.p.routing-alerts': '预警',
    'jobs.p.automation-rules': '自动化规则',
    'jobs.p.kb-gap-loop': '知识库缺口',
    'jobs.p.kb-help-cache': '帮助中心缓存',
    'jobs.p.broadcast-realtime': '实时推送',
    'jobs.p.count-metrics': '指标统计',
  },
  en: {
    'jobs.title': 'Failed background work',
    'jobs.hint':
      'Background work (message analysis, bot replies, routing …) that still failed after its automatic retries. Retry runs it again now for the same event; Discard drops it for good.',
    'jobs.list': 'Failed jobs',
    'jobs.refresh': 'Refresh',
    'jobs.loading': 'Loading…',
    'jobs.loadMore': 'Load more',
    'jobs.empty': 'No failed background work',
    'jobs.emptyHint': 'Everything ran.',
    'jobs.event': 'Event',
    'jobs.attempts': '{n} attempts',
    'jobs.lastFailed': 'Last failed {time}',
    'jobs.firstFailed': 'First failed {time}',
    'jobs.error': 'Error',
    'jobs.retry': 'Retry',
    'jobs.retrying': 'Retrying…',
    'jobs.discard': 'Discard',
    'jobs.retryOk': 'Retried: {processor} ({event}) completed.',
    'jobs.retryFailed': 'The retry failed again ({n} attempts).',
    'jobs.discardTitle': 'Discard this job?',
    'jobs.discardText':
      '{processor} ({event}, event #{id}) will not run again. This cannot be undone.',
    'jobs.discardConfirm': 'Discard',
    'jobs.cancel': 'Cancel',
    'jobs.discarded': 'Discarded: {processor} ({event}).',
    'jobs.failedAction': 'That did not work: {message}',
    'jobs.gone': 'This job no longer exists (another admin may have handled it).',
    'jobs.p.ai-analyze': 'Message analysis',
    'jobs.p.ai-bot': 'Bot reply',
    'jobs.p.routing-queue': 'Routing',
    'jobs.p.routing-sla': 'SLA',
    'jobs.p.routing-alerts': 'Alerts',
    'jobs.p.automation-rules': 'Automation rules',
    'jobs.p.kb-gap-loop': 'KB gaps',
    'jobs.p.kb-help-cache': 'Help-center cache',
    'jobs.p.broadcast-realtime': 'Live updates',
    'jobs.p.count-metrics': 'Metrics',
  },
});

/** A human label for a processor name, or null when there is none (the raw name is shown then). */
export function processorLabel(t: (key: string) => string, name: string): string | null {
  const key = `jobs.p.${name}`;
  const s = t(key);
  return s === key ? null : s;
}
