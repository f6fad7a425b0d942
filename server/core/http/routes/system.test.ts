import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  PG_URL,
  testApp,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;

beforeAll(async () => {
  // no worker role: no timers writing in the background while a test fills the database
  app = await testApp({ ROLES: 'web,realtime' });
  acct = await app.seedAccount();
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await app.stop();
});

/** Waits until the background work of earlier commands (event processors) has stopped committing. */
async function settle(t: TestApp): Promise<void> {
  // Every event marked = every processor of it finished (a quiet spell alone could be a slow job on a loaded machine).
  await t.services.dispatcher.idle();
  const gc = t.services.database.groupCommit!;
  let last = -1;
  for (let quiet = 0; quiet < 3; ) {
    await new Promise((r) => setTimeout(r, 100));
    const depth = await t.services.queue.depth();
    if (gc.stats.commands === last && depth === 0) quiet++;
    else quiet = 0;
    last = gc.stats.commands;
  }
}

describe('/readyz', () => {
  it('answers 503 naming a check that never answers (timeout) or fails (unreachable), instead of hanging', async () => {
    const ok = await app.api('GET', '/readyz');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ready', checks: { database: 'ok', storage: 'ok' } });
    const saved = app.services.config.READY_CHECK_TIMEOUT_MS;
    const before = app.services.readiness.length;
    app.services.config.READY_CHECK_TIMEOUT_MS = 100;
    app.services.readiness.push(
      () => new Promise<void>(() => {}),
      async () => {
        throw new Error('connection refused');
      },
    );
    try {
      const res = await app.api('GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('not_ready');
      expect(res.body.checks[`dependency_${before}`]).toBe('timeout');
      expect(res.body.checks[`dependency_${before + 1}`]).toBe('unreachable');
      expect(res.body.checks.database).toBe('ok');
    } finally {
      app.services.readiness.splice(before);
      app.services.config.READY_CHECK_TIMEOUT_MS = saved;
    }
    expect((await app.api('GET', '/readyz')).status).toBe(200);
  });
});

// max_page_count caps the server's SQLite database at its current size: every write that needs a new
// page fails with SQLITE_FULL, as on a full disk; raising it is "freeing space".
describe.skipIf(PG_URL)('disk full (SQLite)', () => {
  it('writes answer 503 storage_full with Retry-After (REST and socket acks), /readyz and /metrics say so, nothing stored is lost, and sends work again once there is room', async () => {
    const sqlite = app.services.database.sqlite!;
    const v = await app.visitor(acct.inboxToken);
    const first = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'my order is late', clientMessageId: 'df-1' },
    });
    expect(first.status).toBe(201);
    const conversationId = first.body.conversation.id;
    const reply = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: 'checking', clientMessageId: 'df-a1' },
    });
    expect(reply.status).toBe(201);
    await settle(app); // the processors of those messages are done: nothing else writes from here on

    const long = '很长的消息'.repeat(2_000); // 30 KB: needs new pages
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    try {
      const full = await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: long, clientMessageId: 'df-2' },
      });
      expect(full.status).toBe(503);
      expect(full.body.error.code).toBe('storage_full');
      expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);

      const agentFull = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
        session: agent,
        body: { content: long, clientMessageId: 'df-a2' },
      });
      expect(agentFull.status).toBe(503);
      expect(agentFull.body.error.code).toBe('storage_full');
      expect(agentFull.headers.get('retry-after')).toBe(full.headers.get('retry-after'));

      const socket = await app.visitorSocket(v.token);
      const ack = await ask(socket, 'message:send', { content: long, clientMessageId: 'df-3' });
      expect(ack.error).toMatchObject({
        code: 'storage_full',
        details: { retryAfterSeconds: expect.any(Number) },
      });

      const ready = await app.api('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'not_ready',
        checks: { storage: 'full', database: 'ok' },
      });
      const metrics = await app.api('GET', '/metrics');
      expect(metrics.body).toMatch(/^kefu_storage_full 1$/m);
      expect(
        Number(/^kefu_storage_full_errors_total (\d+)$/m.exec(metrics.body)?.[1]),
      ).toBeGreaterThanOrEqual(3);

      // reads still work, and what was stored before is all there
      const history = await app.api('GET', '/widget/v1/messages', { token: v.token });
      expect(history.status).toBe(200);
      expect(history.body.data.map((m: { content: string }) => m.content)).toEqual([
        'my order is late',
        'checking',
      ]);
    } finally {
      sqlite.pragma('max_page_count = 1073741823');
    }

    // space is back: the same sends succeed without a restart, and readiness recovers
    const again = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: long, clientMessageId: 'df-2' },
    });
    expect(again.status).toBe(201);
    expect(
      (
        await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
          session: agent,
          body: { content: long, clientMessageId: 'df-a2' },
        })
      ).status,
    ).toBe(201);
    const ready = await app.api('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.storage).toBe('ok');
    expect((await app.api('GET', '/metrics')).body).toMatch(/^kefu_storage_full 0$/m);
    const history = await app.api('GET', '/widget/v1/messages', { token: v.token });
    expect(history.body.data.map((m: { content: string }) => m.content)).toEqual([
      'my order is late',
      'checking',
      long,
      long,
    ]);
  });
});
