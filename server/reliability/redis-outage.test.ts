/**
 * A Redis outage (issue 11 item 3), against a Redis server of the test's own (killed and restarted;
 * it keeps nothing on disk, so everything queued in it is lost):
 *  - while Redis is down, customer and agent sends are stored and acknowledged (the database holds
 *    messages; rate limits and presence fail open), /readyz answers 503 at once, /healthz 200;
 *  - when Redis is back, connected clients are told to resync and /readyz is 200 again;
 *  - background work that was queued in the lost Redis still happens (its events were not marked
 *    dispatched, and a sweep runs them again): every customer message ends up analysed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, sleep } from '../test/spawn-server.ts';
import { testApp, type TestApp } from '../test/test-app.ts';

const HAS_REDIS = spawnSync('redis-server', ['--version']).status === 0;

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .includes('PONG')
    )
      return child;
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

function ack(
  socket: { emit: (...a: any[]) => unknown },
  event: string,
  payload: unknown,
  timeoutMs = 5_000,
): Promise<any> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    socket.emit(event, payload, (r: unknown) => {
      clearTimeout(t);
      resolve(r);
    });
  });
}

describe.skipIf(!HAS_REDIS)('Redis outage', () => {
  let redis: ChildProcess | null = null;
  let app: TestApp | null = null;
  afterAll(async () => {
    await app?.stop();
    redis?.kill('SIGKILL');
  });

  it('sends keep working while Redis is down, readyz says so, clients resync and background work completes after', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    app = await testApp({ REDIS_URL: `redis://127.0.0.1:${port}`, READY_CHECK_TIMEOUT_MS: '500' });
    const acct = await app.seedAccount();
    const agent = await app.login(acct.users.agent.email, acct.users.agent.password);
    const agentSocket = await app.agentSocket(agent);
    const resyncs: number[] = [];
    agentSocket.on('resync', () => resyncs.push(Date.now()));
    const v = await app.visitor(acct.inboxToken);
    const visitorSocket = await app.visitorSocket(v.token);
    const first = await ack(visitorSocket, 'message:send', {
      content: 'before the outage',
      clientMessageId: 'r-0',
    });
    expect(first.error ?? first.timeout).toBeUndefined();
    const conversationId = first.message.conversationId;

    redis.kill('SIGKILL');
    await new Promise((r) => redis!.once('exit', r));

    const outcomes: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const r = await ack(visitorSocket, 'message:send', {
        content: `during the outage ${i}`,
        clientMessageId: `r-${i}`,
      });
      outcomes.push(r.timeout ? 'timeout' : r.error ? r.error.code : 'ok');
    }
    const http = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'during the outage, over HTTP', clientMessageId: 'r-http' },
    });
    outcomes.push(http.status === 201 ? 'ok' : `http ${http.status}`);
    const reply = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: 'agent reply during the outage', clientMessageId: 'a-1' },
    });
    outcomes.push(reply.status === 201 ? 'ok' : `agent http ${reply.status}`);
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const ready = await app.api('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect((await app.api('GET', '/healthz')).status).toBe(200);

    redis = await startRedis(port);
    for (let i = 0; i < 300 && !resyncs.length; i++) await sleep(100);
    expect(resyncs.length).toBeGreaterThan(0);
    let readyAgain = 0;
    for (let i = 0; i < 100 && readyAgain !== 200; i++) {
      readyAgain = (await app.api('GET', '/readyz')).status;
      if (readyAgain !== 200) await sleep(100);
    }
    expect(readyAgain).toBe(200);

    // Every customer message is analysed in the end, including those whose jobs Redis lost.
    const db = app.services.database.db;
    const unanalysed = async () =>
      (
        await db
          .selectFrom('messages')
          .select('id')
          .where('conversation_id', '=', conversationId)
          .where('message_type', '=', 'incoming')
          .where('sender_type', '=', 'contact')
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('message_analyses')
                  .select('message_id')
                  .whereRef('message_analyses.message_id', '=', 'messages.id'),
              ),
            ),
          )
          .execute()
      ).length;
    let left = await unanalysed();
    for (let i = 0; i < 600 && left; i++) {
      await sleep(100);
      left = await unanalysed();
    }
    expect(left).toBe(0);
    const stored = await db
      .selectFrom('messages')
      .select('idempotency_key')
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(stored.length).toBeGreaterThanOrEqual(7);
  }, 150_000);
});
