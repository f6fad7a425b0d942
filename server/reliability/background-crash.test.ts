/**
 * Crash test for background work (SQLite): visitors chat with the demo inbox's bot while the server is
 * SIGKILLed at random moments (3 kills) and restarted on the same DATA_DIR. Afterwards, with the last
 * server still running, every piece of background work must eventually be done:
 *   - every outbox event is marked dispatched (all its processors finished or were dead-lettered);
 *   - every customer message was analysed (message_analyses row), so routing and rules saw it;
 *   - in every conversation the bot still owns, every customer message has its bot turn (nobody waits forever);
 *   - no processor was dead-lettered (nothing failed for good here).
 * Before background work was durable, jobs queued in memory when the process died were lost: their
 * events were already marked dispatched and nothing retried them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createVisitor, visitorSocket, waitConnected } from '../test/e2e-client.ts';
import {
  freePort,
  killAllSpawned,
  sleep,
  spawnServer,
  type SpawnedServer,
} from '../test/spawn-server.ts';

const VISITORS = 6;
const KILLS = 3;
const QUESTIONS = [
  'How do I reset my password?',
  '怎么退货？',
  'What are your opening hours?',
  '我的订单什么时候发货',
  'Can I change my delivery address?',
  '发票怎么开',
];
const rand = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

function ack(socket: Socket, payload: unknown, timeoutMs: number): Promise<any | null> {
  return new Promise((resolve) => {
    if (!socket.connected) {
      resolve(null);
      return;
    }
    const t = setTimeout(() => resolve(null), timeoutMs);
    socket.emit('message:send', payload, (r: unknown) => {
      clearTimeout(t);
      resolve(r);
    });
  });
}

interface Outstanding {
  undispatched: number;
  unanalysed: number;
  botWaiting: number;
  dead: number;
  customerMessages: number;
}

/** What background work is still undone, read from the database file (a second, read-only connection). */
function outstanding(file: string): Outstanding {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
    const customer = `messages m where m.message_type = 'incoming' and m.sender_type = 'contact' and trim(m.content) <> ''`;
    return {
      undispatched: one('select count(*) n from events where dispatched_at is null'),
      unanalysed: one(
        `select count(*) n from ${customer} and not exists (select 1 from message_analyses a where a.message_id = m.id)`,
      ),
      botWaiting:
        one(`select count(*) n from ${customer} and exists (select 1 from conversations c where c.id = m.conversation_id and c.mode = 'bot')
        and not exists (select 1 from bot_turns t where t.question_message_id = m.id)`),
      dead: one('select count(*) n from dead_jobs'),
      customerMessages: one(`select count(*) n from ${customer}`),
    };
  } finally {
    db.close();
  }
}

describe('crash safety of background work: SIGKILL under load (SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-bgcrash-'));
  const sockets: Socket[] = [];
  const stop = { value: false };
  afterAll(async () => {
    stop.value = true;
    for (const s of sockets) s.close();
    await killAllSpawned();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after 3 kills every customer message is analysed, answered by the bot where it owns the conversation, and every event dispatched', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      SECRET_KEY: 'bg-crash-test-secret-key-0123456789abcd',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      RATE_LIMIT_MESSAGES_PER_MIN: '1000000',
      RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000',
    };
    let server: SpawnedServer = await spawnServer({ env, port, name: 'kefu-bgcrash' });
    const url = server.url;
    expect(server.widgetToken, server.output()).toBeTruthy();
    let acked = 0;
    const loops: Promise<void>[] = [];
    for (let k = 0; k < VISITORS; k++) {
      const v = await createVisitor(url, server.widgetToken!);
      const socket = visitorSocket(url, v.visitorToken);
      sockets.push(socket);
      await waitConnected(socket);
      loops.push(
        (async () => {
          for (let i = 0; !stop.value; i++) {
            const cmid = `v${k}-${i}`;
            while (!stop.value) {
              // same clientMessageId until acknowledged
              const r = await ack(
                socket,
                {
                  content: `${QUESTIONS[(k + i) % QUESTIONS.length]} #${i}`,
                  clientMessageId: cmid,
                },
                3_000,
              );
              if (r && !r.error) {
                acked++;
                break;
              }
              await sleep(100);
            }
            await sleep(rand(20, 60));
          }
        })(),
      );
    }
    // Kills come after a number of acknowledged sends (not after a wall-clock time), so every run kills
    // the server under the same amount of traffic however fast this machine is.
    const bound = Date.now() + 200_000;
    const untilAcked = async (n: number, what: string) => {
      while (acked < n) {
        if (Date.now() > bound)
          throw new Error(
            `${what}: only ${acked} of ${n} sends acked in time\n${server.output().slice(-3000)}`,
          );
        await sleep(25);
      }
    };
    for (let c = 0; c < KILLS; c++) {
      await untilAcked(acked + rand(15, 40), `before kill ${c + 1}`);
      await server.kill('SIGKILL');
      server = await spawnServer({ env, port, name: `kefu-bgcrash-restart-${c + 1}` });
    }
    await untilAcked(Math.max(acked + 10, VISITORS * 10 + 1), 'after the last restart');
    stop.value = true;
    await Promise.all(loops);

    // The last server stays up: its recovery and its own dispatch must finish all background work.
    const file = join(dataDir, 'kefu.db');
    let left = outstanding(file);
    const settleBound = Date.now() + 150_000; // waits for the work to finish; the bound only turns a hang into a failure
    while ((left.undispatched || left.unanalysed || left.botWaiting) && Date.now() < settleBound) {
      await sleep(250);
      left = outstanding(file);
    }
    console.log('[background crash test]', JSON.stringify({ acked, ...left }));
    expect(acked).toBeGreaterThan(VISITORS * 10);
    expect(left, server.output().slice(-3000)).toMatchObject({
      undispatched: 0,
      unanalysed: 0,
      botWaiting: 0,
      dead: 0,
    });
    expect(left.customerMessages).toBeGreaterThanOrEqual(acked);
  }, 420_000);
});
