/**
 * Test set-up of the WeChat channel: a real app whose platform base URL is a running simulator
 * (loopback allowed), a seeded account with its owner signed in, and WeChat inboxes set up through
 * the admin routes with their app registered on the simulator.
 */
import { randomBytes } from 'node:crypto';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { testApp } from '../../../test/test-app.ts';
import { type SimApp, startWechatSim, type WechatSim } from './wechat-sim.ts';

export interface WechatApp {
  app: TestApp;
  sim: WechatSim;
  acct: SeededAccount;
  admin: Session;
  agent: Session;
  stop: () => Promise<void>;
}

export async function wechatApp(env: Record<string, string> = {}): Promise<WechatApp> {
  const sim = await startWechatSim();
  const app = await testApp({ OUTBOUND_ALLOW_PRIVATE: 'true', WECHAT_API_BASE: sim.url, ...env });
  const acct = await app.seedAccount();
  const admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  return {
    app,
    sim,
    acct,
    admin,
    agent,
    stop: async () => {
      await app.stop();
      await sim.close();
    },
  };
}

export const newAppId = () => `wx${randomBytes(8).toString('hex')}`;
export const newOpenId = () => `o${randomBytes(12).toString('base64url')}`;
const aesKey = () =>
  randomBytes(43)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'a')
    .slice(0, 43);

export interface InboxSetup {
  inboxId: string;
  sim: SimApp;
}

/** Creates a WeChat inbox in `acct` (admin session), sets its app and registers it on the sim. */
export async function wechatInbox(
  w: Pick<WechatApp, 'app' | 'sim'>,
  admin: Session,
  opts: { mode?: SimApp['mode']; appId?: string; name?: string } = {},
): Promise<InboxSetup> {
  const created = await w.app.api('POST', '/api/v1/inboxes', {
    session: admin,
    body: { name: opts.name ?? 'WeChat', channelType: 'wechat_oa' },
  });
  if (created.status !== 201)
    throw new Error(`inbox: ${created.status} ${JSON.stringify(created.body)}`);
  const inboxId = created.body.id as string;
  const app: SimApp = {
    appId: opts.appId ?? newAppId(),
    appSecret: randomBytes(16).toString('hex'),
    token: randomBytes(8).toString('hex'),
    encodingAesKey: aesKey(),
    mode: opts.mode ?? 'secure',
    callbackUrl: `${w.app.url}/channels/wechat/${inboxId}/callback`,
  };
  const set = await w.app.api('PUT', `/api/v1/inboxes/${inboxId}/wechat`, {
    session: admin,
    body: {
      appId: app.appId,
      mode: app.mode,
      token: app.token,
      encodingAesKey: app.encodingAesKey,
      appSecret: app.appSecret,
    },
  });
  if (set.status !== 200) throw new Error(`settings: ${set.status} ${JSON.stringify(set.body)}`);
  w.sim.addApp(app);
  return { inboxId, sim: app };
}

/** The conversations of an inbox with their messages (oldest first), straight from the database. */
export async function stored(app: TestApp, inboxId: string) {
  const db = app.services.database.db;
  const conversations = await db
    .selectFrom('conversations')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .orderBy('created_at')
    .execute();
  const messages = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', 'in', ['', ...conversations.map((c) => c.id)])
    .orderBy('seq')
    .execute();
  return { conversations, messages };
}
