/** Demo data: one account, an admin and two agents, a web-chat inbox, a team, labels, a few conversations (features add theirs: canned responses, knowledge base, …). */
import { createAccount, createInbox, createTeam, createUser } from '../core/commands/accounts.ts';
import { execute, type CommandDeps } from '../core/commands/context.ts';
import { findOrCreateContact } from '../core/commands/contacts.ts';
import { receiveMessage } from '../core/commands/receive-message.ts';
import { sendMessage } from '../core/commands/send-message.ts';
import { setConversationLabels } from '../core/commands/set-conversation-labels.ts';
import { newId } from '../core/lib/ids.ts';
import type { Actor } from '../core/policies/actor.ts';
import type { DemoContext } from '../core/kit/feature.ts';
import { features } from '../features.ts';

export const DEMO_USERS = [
  {
    email: 'admin@demo.kefu.dev',
    name: '王经理 Admin',
    password: 'kefu-admin-2026',
    role: 'owner' as const,
  },
  {
    email: 'li@demo.kefu.dev',
    name: '李娜 Li Na',
    password: 'kefu-agent-2026',
    role: 'agent' as const,
  },
  {
    email: 'sam@demo.kefu.dev',
    name: 'Sam Taylor',
    password: 'kefu-agent-2026',
    role: 'agent' as const,
  },
];

export async function demoExists(deps: CommandDeps): Promise<boolean> {
  return !!(await deps.database.db
    .selectFrom('accounts')
    .select('id')
    .where('slug', '=', 'demo')
    .executeTakeFirst());
}

export async function seedDemo(
  deps: CommandDeps,
): Promise<{ accountId: string; inboxToken: string } | null> {
  if (await demoExists(deps)) return null;
  const accountId = newId();
  const system: Actor = { kind: 'system', accountId, name: 'seed' };
  await execute(deps, system, createAccount, {
    name: '示例商城 Demo Shop',
    slug: 'demo',
    locale: 'zh-CN',
  });
  const users = [];
  for (const u of DEMO_USERS)
    users.push(
      await execute(deps, system, createUser, {
        ...u,
        locale: u.role === 'owner' || u.email.startsWith('li') ? 'zh-CN' : 'en',
      }),
    );
  const inbox = await execute(deps, system, createInbox, {
    name: '官网在线客服 Website chat',
    channelType: 'web_widget',
  });
  const billing = await execute(deps, system, createTeam, {
    name: 'Billing 财务',
    description: 'Refunds, invoices, payments',
    memberIds: [users[1].id],
  });
  const support = await execute(deps, system, createTeam, {
    name: 'Support 售后',
    description: 'Orders and delivery',
    memberIds: [users[1].id, users[2].id],
  });
  const demo: DemoContext = {
    accountId,
    inboxId: inbox.id,
    inboxToken: inbox.public_token,
    userIds: users.map((u) => u.id),
    teamIds: { billing: billing.id, support: support.id },
  };
  for (const f of features) await f.seedDemo?.(deps, demo);
  const scripts: Array<{
    name: string;
    email: string;
    lines: string[];
    reply?: string;
    labels?: string[];
  }> = [
    {
      name: '张伟',
      email: 'zhang.wei@example.com',
      lines: ['你好，我的快递到哪了？订单号 20261120001'],
      reply: '您好，我帮您查一下物流信息。',
      labels: ['物流'],
    },
    {
      name: 'Emma Brown',
      email: 'emma@example.com',
      lines: ['Hi, I want to return the shoes I bought last week.', 'They are too small.'],
      labels: ['refund'],
    },
    { name: '刘洋', email: 'liu.yang@example.com', lines: ['你们这是什么垃圾服务，我要投诉！'] },
    {
      name: 'Tom Chen',
      email: 'tom@example.com',
      lines: ['Where is my order? It has been 10 days.'],
    },
  ];
  for (const s of scripts) {
    const { contact } = await execute(deps, system, findOrCreateContact, {
      identity: { kind: 'email', value: s.email },
      name: s.name,
      email: s.email,
    });
    const visitor: Actor = { kind: 'contact', contactId: contact.id, accountId, inboxId: inbox.id };
    let conversationId = '';
    for (const line of s.lines)
      conversationId = (
        await execute(deps, visitor, receiveMessage, {
          inboxId: inbox.id,
          contactId: contact.id,
          content: line,
        })
      ).conversation.id;
    const agent: Actor = { kind: 'user', userId: users[1].id, accountId, role: 'agent' };
    if (s.reply) await execute(deps, agent, sendMessage, { conversationId, content: s.reply });
    if (s.labels)
      await execute(deps, agent, setConversationLabels, { conversationId, labels: s.labels });
  }
  for (const f of features) await f.seedDemoAfter?.(deps, demo);
  return { accountId, inboxToken: inbox.public_token };
}
