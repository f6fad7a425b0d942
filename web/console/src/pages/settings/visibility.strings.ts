/** Strings of who sees which conversations: the account setting and inbox members (prefix `visibility.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'visibility.title': '对话可见范围',
    'visibility.restrict': '客服只能看到所属收件箱、所属团队以及分配给自己的对话',
    'visibility.hint':
      '主管、管理员和所有者仍可看到全部对话。收件箱成员在“渠道收件箱”中设置，团队成员在“团队”中设置。更改后，客服的控制台会自动重新连接。',
    'visibility.members': '{name} 的成员',
    'visibility.membersHint':
      '开启“客服只能看到所属对话”后，只有这里勾选的客服能看到此收件箱的全部对话；其他客服只能看到分配给自己或所在团队的对话。自动分配也参考成员：属于任一收件箱的客服只会分到其所属收件箱的对话。',
  },
  en: {
    'visibility.title': 'Who sees which conversations',
    'visibility.restrict':
      'Agents see only the conversations of their inboxes and teams, and those assigned to them',
    'visibility.hint':
      "Supervisors, admins and owners still see every conversation. Set an inbox's members under Inboxes and a team's under Teams. Agents' consoles reconnect by themselves after a change.",
    'visibility.members': 'Members of {name}',
    'visibility.membersHint':
      "When agents see only their own conversations, only the agents ticked here see all of this inbox's conversations; other agents see those assigned to them or their teams. Routing uses membership too: an agent who belongs to any inbox is assigned conversations of their inboxes only.",
  },
});
