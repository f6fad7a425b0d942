/** The conversation's place in the queue, beside the conversation (QueuePanel.tsx): `routing.queuePanel.` */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'routing.queuePanel.title': '排队中',
    'routing.queuePanel.position': '排队第 {n} 位，共 {total} 位',
    'routing.queuePanel.waited': '已等待 {time}',
    'routing.queuePanel.estimate': '预计还需约 {time}',
    'routing.queuePanel.noEstimate': '暂无可接待的客服，无法估计等待时间',
    'routing.queuePanel.seconds': '{s} 秒',
    'routing.queuePanel.minutes': '{m} 分 {s} 秒',
    'routing.queuePanel.hours': '{h} 小时 {m} 分',
  },
  en: {
    'routing.queuePanel.title': 'In the queue',
    'routing.queuePanel.position': 'Position {n} of {total}',
    'routing.queuePanel.waited': 'Waiting for {time}',
    'routing.queuePanel.estimate': 'About {time} more',
    'routing.queuePanel.noEstimate': 'No agent can take it now: no estimate',
    'routing.queuePanel.seconds': '{s} s',
    'routing.queuePanel.minutes': '{m} min {s} s',
    'routing.queuePanel.hours': '{h} h {m} min',
  },
});
