/**
 * The account of the visibility tests: inbox A (the agent is a member), inbox B (they are not), team T
 * (the agent is a member). Conversations: a1 in A; b1 in B, unassigned; b2 in B, assigned to T; b3 in
 * B, assigned to the agent. With the restriction on, the agent sees a1, b2 and b3, never b1.
 */
import type { SeededAccount, Session, TestApp } from '../../test/test-app.ts';

export interface World {
  acct: SeededAccount;
  owner: Session;
  supervisor: Session;
  agent: Session;
  inboxB: { id: string; token: string };
  teamId: string;
  conv: { a1: string; b1: string; b2: string; b3: string };
  /** b1's contact and visitor token. */
  b1Visitor: { contactId: string; token: string };
  a1Visitor: { contactId: string; token: string };
}

function ok<T extends { status: number; body: unknown }>(r: T, status = 200): T {
  if (r.status !== status)
    throw new Error(`expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** A customer message; answers the conversation and the visitor. */
export async function customerSays(
  app: TestApp,
  inboxToken: string,
  content: string,
  visitor?: { token: string; contactId: string },
) {
  const v = visitor ?? (await app.visitor(inboxToken));
  const sent = ok(
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content, clientMessageId: `m-${Math.random().toString(36).slice(2)}` },
    }),
    201,
  );
  return { conversationId: sent.body.conversation.id as string, visitor: v };
}

export const setRestricted = (app: TestApp, owner: Session, on: boolean) =>
  app.api('PUT', '/api/v1/account/visibility', {
    session: owner,
    body: { restrictAgentsToMembership: on },
  });

export async function buildWorld(app: TestApp): Promise<World> {
  const acct = await app.seedAccount();
  const { users } = acct;
  const owner = await app.login(users.owner.email, users.owner.password);
  const supervisor = await app.login(users.supervisor.email, users.supervisor.password);
  const agent = await app.login(users.agent.email, users.agent.password);
  const b = ok(
    await app.api('POST', '/api/v1/inboxes', {
      session: owner,
      body: { name: 'Inbox B', channelType: 'web_widget' },
    }),
    201,
  );
  const inboxB = { id: b.body.id as string, token: b.body.publicToken as string };
  ok(
    await app.api('PUT', `/api/v1/inboxes/${acct.inboxId}/members`, {
      session: owner,
      body: { memberIds: [users.agent.id] },
    }),
  );
  const team = ok(
    await app.api('POST', '/api/v1/teams', {
      session: owner,
      body: { name: 'Team T', memberIds: [users.agent.id] },
    }),
    201,
  );
  const a1 = await customerSays(app, acct.inboxToken, 'alpha question 甲');
  const b1 = await customerSays(app, inboxB.token, 'bravo secret 乙');
  const b2 = await customerSays(app, inboxB.token, 'bravo for the team');
  const b3 = await customerSays(app, inboxB.token, 'bravo for the agent');
  const assign = (id: string, body: object) =>
    app.api('POST', `/api/v1/conversations/${id}/assignment`, {
      session: supervisor,
      body: { ...body, force: true },
    });
  ok(await assign(b2.conversationId, { teamId: team.body.id }));
  ok(await assign(b3.conversationId, { assigneeId: users.agent.id }));
  return {
    acct,
    owner,
    supervisor,
    agent,
    inboxB,
    teamId: team.body.id,
    conv: {
      a1: a1.conversationId,
      b1: b1.conversationId,
      b2: b2.conversationId,
      b3: b3.conversationId,
    },
    b1Visitor: b1.visitor,
    a1Visitor: a1.visitor,
  };
}
