/**
 * The email channel (features/email-channel), two lines:
 *
 *   email_ingest: mails per second through Kefu's SMTP listener to a stored message (parsed,
 *     deduplicated, threaded, the raw mail sealed), against `smtp_accept`: a bare smtp-server that
 *     accepts the same mails and throws them away, sent the same way in the same run (goal ratio
 *     ≥ 0.25). Also one mail with 20 MiB of attachments, checked stored whole (`big_mail_ok`).
 *   email_thread_p99: the threading lookup (`findThreadByMessageIds`, a References chain of three
 *     ids) with 1M stored Message-IDs in the inbox's table (100k with --quick), against a primary-key
 *     read of the same table (goal ≤ 5 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createAccount, createInbox } from '../server/core/commands/accounts.ts';
import { execute } from '../server/core/commands/context.ts';
import { loadConfig } from '../server/core/config.ts';
import { openDatabase } from '../server/core/db/client.ts';
import { migrateToLatest } from '../server/core/db/migrate.ts';
import { newId } from '../server/core/lib/ids.ts';
import { emailChannelFeature } from '../server/features/email-channel/feature.ts';
import { setMailAuthResolver } from '../server/features/email-channel/ingest/authenticate.ts';
import { smtpListenerOf } from '../server/features/email-channel/smtp/listener.ts';
import { findThreadByMessageIds } from '../server/features/email-channel/store/message-ids.ts';
import { tableResolver } from '../server/features/email-channel/test/dns.ts';
import { startServer } from '../server/main.ts';
import { line } from './lib/line.ts';
import { log, percentile, round, sleep } from './lib/stats.ts';
import type { BenchOptions, Emit } from './run.ts';

const CONNECTIONS = 8;

/** Sends `n` mails to `port` over a pool of connections; resolves when every one was accepted. */
async function sendAll(port: number, n: number, tag: string): Promise<void> {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  try {
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        t.sendMail({
          from: `Customer ${i % 200} <c${i % 200}@customer.example>`,
          to: 'support@bench.example',
          subject: `Order ${i} question`,
          text: `Hello, where is my order ${i}? 我的订单 ${i} 到哪了？\n\nThanks`,
          messageId: `<${tag}-${i}@customer.example>`,
        }),
      ),
    );
  } finally {
    t.close();
  }
}

async function rawAcceptRate(n: number): Promise<number> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 64 * 1_048_576,
    onData(stream, _session, cb) {
      stream.on('end', () => cb());
      stream.resume();
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as { port: number }).port;
  try {
    const t0 = performance.now();
    await sendAll(port, n, 'raw');
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

async function ingestBench(opts: BenchOptions, emit: Emit): Promise<void> {
  const n = opts.quick ? 300 : 2000;
  const dir = mkdtempSync(join(tmpdir(), 'kefu-email-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
    SEED_DEMO: 'false',
    SMTP_PORT: '0',
  });
  const server = await startServer(config, { log: pino({ level: 'silent' }) });
  try {
    const s = server.services;
    setMailAuthResolver(s, tableResolver({})); // no DNS here: every check answers "none"
    const accountId = newId();
    const system = { kind: 'system' as const, accountId };
    await execute(s, system, createAccount, { name: 'Bench', slug: `bench-${Date.now()}` });
    const inbox = await execute(s, system, createInbox, {
      name: 'Mail',
      channelType: 'email',
      settings: { email: { address: 'support@bench.example', trustSenders: true } },
    });
    const port = (await smtpListenerOf(s)!).port;
    const stored = async () =>
      Number(
        (
          await s.database.db
            .selectFrom('messages')
            .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('conversations.inbox_id', '=', inbox.id)
            .where('messages.message_type', '=', 'incoming')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await sendAll(port, 20, 'warm'); // warm-up (parser worker, prepared statements)
    while ((await stored()) < 20) await sleep(20);
    const raw = await rawAcceptRate(n);
    const t0 = performance.now();
    await sendAll(port, n, 'kefu');
    while ((await stored()) < n + 20) await sleep(10);
    const rate = n / ((performance.now() - t0) / 1000);
    // One mail with 20 MiB of attachments, stored whole.
    const big = Buffer.alloc(20 * 1_048_576, 7);
    const t = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
    });
    await t.sendMail({
      from: 'Big <big@customer.example>',
      to: 'support@bench.example',
      subject: 'Scans',
      text: 'The scans are attached.',
      messageId: '<big-1@customer.example>',
      attachments: [
        { filename: 'a.bin', content: big.subarray(0, 10 * 1_048_576) },
        { filename: 'b.bin', content: big.subarray(10 * 1_048_576) },
      ],
    });
    t.close();
    const sizes = await s.database.db
      .selectFrom('attachments')
      .innerJoin('email_message_ids as e', 'e.kefu_message_id', 'attachments.message_id')
      .select('attachments.size')
      .where('e.message_id', '=', 'big-1@customer.example')
      .execute();
    const bigOk = sizes.reduce((x, r) => x + Number(r.size), 0) === 20 * 1_048_576;
    emit(line('smtp_accept', round(raw, 1), 'mails/s', 'none', round(raw, 1), null, { mails: n }));
    emit(
      line(
        'email_ingest',
        round(rate, 1),
        'mails/s',
        'smtp_accept',
        round(raw, 1),
        { goal: 0.25, goal_on: 'ratio', better: 'higher' },
        {
          mails: n,
          connections: CONNECTIONS,
          big_mail_ok: bigOk,
          big_mail_attachment_bytes: sizes.reduce((x, r) => x + Number(r.size), 0),
          loadavg: loadavg().map((x) => round(x, 2)),
        },
      ),
    );
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function threadBench(opts: BenchOptions, emit: Emit): Promise<void> {
  const n = opts.quick ? 100_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'kefu-email-thread-'));
  const database = openDatabase({ kind: 'sqlite', file: join(dir, 'thread.db') });
  try {
    await migrateToLatest(database.db, database.dialect, undefined, [
      emailChannelFeature.migrations!,
    ]);
    const inboxId = newId();
    const accountId = newId();
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < n; i += 2000) {
      const rows = Array.from({ length: Math.min(2000, n - i) }, (_, k) => {
        const id = newId();
        ids.push(id);
        return {
          id,
          account_id: accountId,
          inbox_id: inboxId,
          message_id: `m${i + k}.${id}@customer.example`,
          conversation_id: `c${(i + k) % (n / 4)}`,
          kefu_message_id: null,
          direction: (i + k) % 2 ? 'out' : 'in',
          created_at: now - (n - i - k) * 1000,
        };
      });
      await database.db.transaction().execute((tx) =>
        // chunks of 200 rows: SQLite's variable limit
        Promise.all(
          Array.from({ length: Math.ceil(rows.length / 200) }, (_, c) =>
            tx
              .insertInto('email_message_ids')
              .values(rows.slice(c * 200, c * 200 + 200) as never)
              .execute(),
          ),
        ),
      );
    }
    log(`${n} Message-IDs stored`);
    const runs = opts.quick ? 2000 : 5000;
    const pick = () => Math.floor(Math.random() * n);
    const lookup: number[] = [];
    const byKey: number[] = [];
    for (let r = 0; r < runs + 200; r++) {
      const i = pick();
      const chain = [`unknown-${r}@x.example`, `m${i}.${ids[i]}@customer.example`, `gone-${r}@y`];
      let t = performance.now();
      const hits = await findThreadByMessageIds(database.db, inboxId, chain);
      const a = performance.now() - t;
      if (hits.length !== 1) throw new Error('the lookup missed a stored Message-ID');
      t = performance.now();
      await database.db
        .selectFrom('email_message_ids')
        .selectAll()
        .where('id', '=', ids[pick()])
        .executeTakeFirst();
      const b = performance.now() - t;
      if (r >= 200) {
        lookup.push(a);
        byKey.push(b);
      }
    }
    const base = round(percentile(byKey, 99), 4);
    emit(line('email_id_by_key_p99', base, 'ms', 'none', base, null, { rows: n, runs }));
    emit(
      line(
        'email_thread_p99',
        round(percentile(lookup, 99), 4),
        'ms',
        'email_id_by_key_p99',
        base,
        { goal: 5, goal_on: 'value', better: 'lower' },
        { rows: n, runs, p50: round(percentile(lookup, 50), 4), chain: 3 },
      ),
    );
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(opts: BenchOptions, emit: Emit): Promise<void> {
  await threadBench(opts, emit);
  await ingestBench(opts, emit);
}
