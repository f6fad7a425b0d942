/**
 * Large-database seeding for the query benchmarks: creates the schema with the real migrations
 * (openDatabase + migrateToLatest), then writes accounts, agents, an inbox, contacts, conversations,
 * messages, read markers and labels directly with better-sqlite3 prepared statements in big
 * transactions. Deterministic (seeded PRNG). ~1 min for 100k conversations / 1M messages.
 */
import { rmSync } from 'node:fs';
import { openDatabase } from '../../server/core/db/client.ts';
import { migrateToLatest } from '../../server/core/db/migrate.ts';
import { newId } from '../../server/core/lib/ids.ts';

export interface SeedOptions {
  file: string;
  conversations: number;
  messages: number;
  seed?: number;
  log?: (m: string) => void;
}
export interface SeedResult {
  file: string;
  accountId: string;
  agentIds: string[];
  inboxId: string;
  conversations: number;
  messages: number;
  ms: number;
}

/** mulberry32: small deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHRASES = [
  '你好，我的快递到哪了？',
  'Where is my order? It has been ten days.',
  '请提供您的订单号，我马上为您查询。',
  'I want to return the shoes.',
  '退款什么时候到账？',
  'Thanks for your patience.',
  '这个商品有货吗？',
  'Can I change the delivery address?',
  '好的，谢谢！',
  'The package arrived damaged.',
  '发票怎么开？',
  'Your refund has been processed.',
];

export async function seedLarge(opts: SeedOptions): Promise<SeedResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const rand = prng(opts.seed ?? 42);
  const int = (n: number) => Math.floor(rand() * n);
  for (const suffix of ['', '-wal', '-shm']) rmSync(opts.file + suffix, { force: true });
  const database = openDatabase({ kind: 'sqlite', file: opts.file });
  await migrateToLatest(database.db, 'sqlite');
  const db = database.sqlite!;
  db.pragma('synchronous = OFF'); // seeding only: the data is regenerated on failure

  const N = Math.max(1, opts.conversations);
  const M = Math.max(N, opts.messages);
  const DAY = 86_400_000;
  const start = Date.now() - 30 * DAY;
  const accountId = newId(start);
  const agentIds = [newId(start), newId(start), newId(start)];
  const inboxId = newId(start);
  const teamId = newId(start);
  const labelIds = ['物流', 'refund', 'vip', 'complaint', 'invoice'].map((name) => ({
    id: newId(start),
    name,
  }));

  db.transaction(() => {
    db.prepare(
      'insert into accounts (id,name,slug,locale,settings,created_at,updated_at) values (?,?,?,?,?,?,?)',
    ).run(accountId, 'Bench Shop', `bench-${accountId.slice(0, 8)}`, 'zh-CN', '{}', start, start);
    const u =
      db.prepare(`insert into users (id,account_id,email,name,password_hash,role,locale,availability,avatar_url,preferences,password_changed_at,created_at,updated_at,disabled_at)
      values (?,?,?,?,?,?,?,?,null,'{}',?,?,?,null)`);
    agentIds.forEach((id, i) =>
      u.run(
        id,
        accountId,
        `agent${i}-${accountId.slice(0, 8)}@bench.kefu.dev`,
        `Agent ${i}`,
        'x',
        i === 0 ? 'owner' : 'agent',
        'zh-CN',
        'online',
        start,
        start,
        start,
      ),
    );
    db.prepare(
      'insert into inboxes (id,account_id,name,channel_type,public_token,hmac_secret,settings,created_at,updated_at) values (?,?,?,?,?,?,?,?,?)',
    ).run(
      inboxId,
      accountId,
      'Website chat',
      'web_widget',
      `bench-${inboxId}`,
      'secret',
      '{}',
      start,
      start,
    );
    const im = db.prepare('insert into inbox_members (inbox_id,user_id,account_id) values (?,?,?)');
    for (const id of agentIds) im.run(inboxId, id, accountId);
    db.prepare(
      'insert into teams (id,account_id,name,description,created_at) values (?,?,?,?,?)',
    ).run(teamId, accountId, 'Support', '', start);
    const l = db.prepare(
      'insert into labels (id,account_id,name,color,created_at) values (?,?,?,?,?)',
    );
    for (const x of labelIds) l.run(x.id, accountId, x.name, '#888888', start);
    db.prepare('insert into account_counters (account_id,name,value) values (?,?,?)').run(
      accountId,
      'conversation_display_id',
      N,
    );
  })();

  // Messages per conversation: average M/N, skewed (random transfers), at least 1 each, sum exactly M.
  const counts = new Array<number>(N).fill(Math.floor(M / N));
  for (let r = M - Math.floor(M / N) * N; r > 0; r--) counts[int(N)]++;
  for (let k = 0; k < N; k++) {
    const a = int(N),
      b = int(N);
    const move = int(counts[a]);
    counts[a] -= move;
    counts[b] += move;
  }
  for (let i = 0; i < N; i++)
    if (counts[i] < 1) {
      counts[i] = 1;
    }
  // Fix the sum after clamping: take from the largest conversations.
  let excess = counts.reduce((s, c) => s + c, 0) - M;
  for (let i = 0; excess > 0 && i < N * 4; i++) {
    const j = int(N);
    if (counts[j] > 1) {
      counts[j]--;
      excess--;
    }
  }

  const insContact = db.prepare(
    `insert into contacts (id,account_id,name,email,phone,attributes,merged_into_id,created_at,updated_at,last_seen_at) values (?,?,?,?,null,'{}',null,?,?,?)`,
  );
  const insIdentity = db.prepare(
    'insert into contact_identities (id,account_id,contact_id,kind,value,created_at) values (?,?,?,?,?,?)',
  );
  const insConv =
    db.prepare(`insert into conversations (id,account_id,inbox_id,contact_id,display_id,status,snoozed_until,priority,assignee_id,team_id,mode,last_seq,last_message_id,last_message_at,last_incoming_at,waiting_since,contact_last_read_seq,created_at,updated_at,resolved_at)
    values (?,?,?,?,?,?,?,?,?,?,'human',?,?,?,?,?,?,?,?,?)`);
  const insMsg =
    db.prepare(`insert into messages (id,account_id,conversation_id,seq,message_type,sender_type,sender_id,content,content_attributes,client_message_id,idempotency_key,external_id,status,created_at)
    values (?,?,?,?,?,?,?,?,'{}',?,?,null,'sent',?)`);
  const insRead = db.prepare(
    'insert into conversation_reads (conversation_id,user_id,account_id,last_read_seq,updated_at) values (?,?,?,?,?)',
  );
  const insLabel = db.prepare(
    'insert into conversation_labels (conversation_id,label_id,account_id) values (?,?,?)',
  );

  const BATCH = 5_000; // conversations per transaction
  const span = 30 * DAY;
  let written = 0;
  for (let from = 0; from < N; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(N, from + BATCH); i++) {
        const createdAt = start + Math.floor((i / N) * span);
        const contactId = newId(createdAt);
        insContact.run(
          contactId,
          accountId,
          `Visitor ${i}`,
          i % 3 ? null : `v${i}@example.com`,
          createdAt,
          createdAt,
          createdAt,
        );
        insIdentity.run(
          newId(createdAt),
          accountId,
          contactId,
          'visitor',
          `${inboxId}:${i}`,
          createdAt,
        );
        const convId = newId(createdAt);
        const n = counts[i];
        let t = createdAt;
        let lastId = '';
        let lastIncoming: number | null = null;
        for (let seq = 1; seq <= n; seq++) {
          t += 1_000 + int(600_000);
          const incoming = seq === 1 || rand() < 0.6;
          lastId = newId(t);
          if (incoming) lastIncoming = t;
          const content = `${PHRASES[int(PHRASES.length)]} ${PHRASES[int(PHRASES.length)]} #${i}.${seq}`;
          const cmid = incoming ? `c${i}-${seq}` : null;
          insMsg.run(
            lastId,
            accountId,
            convId,
            seq,
            incoming ? 'incoming' : 'outgoing',
            incoming ? 'contact' : 'user',
            incoming ? contactId : agentIds[1 + (i % 2)],
            content,
            cmid,
            cmid ? `contact:${contactId}:${cmid}` : null,
            t,
          );
        }
        written += n;
        const r = rand();
        const status = r < 0.5 ? 'open' : r < 0.8 ? 'resolved' : r < 0.95 ? 'pending' : 'snoozed';
        const a = rand();
        const assignee = a < 0.4 ? agentIds[1] : a < 0.7 ? agentIds[2] : null;
        insConv.run(
          convId,
          accountId,
          inboxId,
          contactId,
          i + 1,
          status,
          status === 'snoozed' ? t + DAY : null,
          ['none', 'none', 'low', 'high'][int(4)],
          assignee,
          rand() < 0.2 ? teamId : null,
          n,
          lastId,
          t,
          lastIncoming,
          status === 'open' ? lastIncoming : null,
          n,
          createdAt,
          t,
          status === 'resolved' ? t : null,
        );
        if (rand() < 0.5) insRead.run(convId, agentIds[1], accountId, int(n + 1), t);
        if (rand() < 0.2) insLabel.run(convId, labelIds[int(labelIds.length)].id, accountId);
      }
    })();
    if ((from / BATCH) % 4 === 3)
      log(`seeded ${Math.min(N, from + BATCH)}/${N} conversations, ${written} messages`);
  }
  db.pragma('synchronous = NORMAL');
  db.exec('analyze');
  db.pragma('wal_checkpoint(TRUNCATE)');
  await database.close();
  return {
    file: opts.file,
    accountId,
    agentIds,
    inboxId,
    conversations: N,
    messages: written,
    ms: performance.now() - t0,
  };
}
