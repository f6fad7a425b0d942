/**
 * The IMAP sync against a real dovecot (imap/test/dovecot.ts), through the real ingest: new mail
 * while IDLE arrives without any polling; a restart resumes from the durable cursor (nothing
 * imported twice) and backfills what arrived while it was down; the `UID n:*` past-the-end trap;
 * two mails with one Message-ID make one message; HIGHESTMODSEQ is kept; nothing is marked read
 * unless configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureContext } from '../../../core/kit/feature.ts';
import { type SeededAccount, type Session, type TestApp, testApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import type { PassResult } from './sync-pass.ts';
import { type ImapSupervisor, restartImapSync } from './supervisor.ts';
import { type Dovecot, HAS_DOVECOT, startDovecot } from './test/dovecot.ts';
import {
  appendMails,
  createEmailInbox,
  getImap,
  IMAP_APP_ENV,
  imapBody,
  mail,
  mailboxClient,
  putImap,
  recordingIngest,
  storedTexts,
} from './test/setup.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;
let dovecot: Dovecot;
let sup: ImapSupervisor;
let ctx: FeatureContext;
const ingest = recordingIngest();
const passes: Array<{ inboxId: string; result: PassResult }> = [];
/** No periodic re-sync and no reconcile timer: only IDLE (and the API) can start a pass. */
const options = () => ({
  ingest,
  onPass: (inboxId: string, result: PassResult) => passes.push({ inboxId, result }),
  resyncMs: 3_600_000,
  reconcileMs: 3_600_000,
  backoffBaseMs: 50,
  backoffMaxMs: 500,
});

beforeAll(async () => {
  dovecot = await startDovecot();
  app = await testApp(IMAP_APP_ENV);
  acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  ctx = { services: app.services, gateway: app.gateway };
  sup = await restartImapSync(ctx, options());
});
afterAll(async () => {
  await sup?.stop();
  await app?.stop();
  await dovecot?.stop({ remove: true });
});

const callsFor = (id: string) => ingest.calls.filter((c) => c.messageId === `${id}@example.com`);
const passesOf = (inboxId: string) => passes.filter((p) => p.inboxId === inboxId).length;

/** An email inbox syncing `folder` (created with `mails` first); resolves after its first pass. */
async function syncing(
  folder: string,
  mails: Parameters<typeof appendMails>[2] = [],
  extra: Record<string, unknown> = {},
) {
  await appendMails(dovecot, folder, mails);
  const inboxId = await createEmailInbox(app, owner, `mail ${folder}`);
  const r = await putImap(app, owner, inboxId, imapBody(dovecot, { mailbox: folder, ...extra }));
  expect(r.status).toBe(200);
  await until(
    () => passesOf(inboxId),
    (n) => n > 0,
    { what: `first pass of ${folder}` },
  );
  return inboxId;
}

const idle = async (inboxId: string) =>
  until(
    async () => (await getImap(app, owner, inboxId)).body.status,
    (s) => s.state === 'idle',
    {
      what: 'state idle',
    },
  );

describe.skipIf(!HAS_DOVECOT)('IMAP sync against dovecot', () => {
  it('imports what is there, then new mail as IDLE reports it (no polling), each once', async () => {
    const inboxId = await syncing('Idle', [mail('idle-1'), mail('idle-2')]);
    expect(await storedTexts(app, inboxId)).toEqual(['body idle-1', 'body idle-2']);
    const status = await idle(inboxId);
    expect(status).toMatchObject({ lastError: null, failures: [] });
    expect(status.lastSyncAt).toEqual(expect.any(String));
    // Re-sync timer 1 h, reconcile 1 h: only the server's EXISTS during IDLE can start this pass.
    await appendMails(dovecot, 'Idle', [mail('idle-3')]);
    await until(
      () => storedTexts(app, inboxId),
      (t) => t.length === 3,
      { what: 'idle-3 stored' },
    );
    expect(await storedTexts(app, inboxId)).toEqual(['body idle-1', 'body idle-2', 'body idle-3']);
    await until(
      () => callsFor('idle-3').length,
      (n) => n > 0,
      { what: 'the ingest answered' },
    );
    for (const id of ['idle-1', 'idle-2', 'idle-3'])
      expect(callsFor(id).map((c) => c.status)).toEqual(['stored']);
  });

  it('a restart resumes from the cursor: nothing imported twice, what came meanwhile backfilled', async () => {
    const inboxId = await syncing('Restart', [mail('rs-1'), mail('rs-2')]);
    await until(
      () => storedTexts(app, inboxId),
      (t) => t.length === 2,
    );
    await sup.stop();
    await appendMails(dovecot, 'Restart', [mail('rs-3'), mail('rs-4')]);
    const before = passesOf(inboxId);
    sup = await restartImapSync(ctx, options());
    await until(
      () => passesOf(inboxId),
      (n) => n > before,
      { what: 'pass after the restart' },
    );
    expect(await storedTexts(app, inboxId)).toEqual([
      'body rs-1',
      'body rs-2',
      'body rs-3',
      'body rs-4',
    ]);
    for (const id of ['rs-1', 'rs-2', 'rs-3', 'rs-4'])
      expect(callsFor(id).map((c) => c.status)).toEqual(['stored']);
    const cursor = (await getImap(app, owner, inboxId)).body.status.cursor;
    expect(cursor).toMatchObject({ mailbox: 'Restart', lastUid: 4, uidValidityChanges: 0 });
  });

  it('`UID n:*` past the last UID returns the last mail: it is not imported again', async () => {
    const inboxId = await syncing('Trap', [mail('trap-1'), mail('trap-2')]);
    // The trap is real: dovecot answers UID FETCH 3:* with the message whose UID is 2.
    const c = await mailboxClient(dovecot);
    await c.mailboxOpen('Trap', { readOnly: true });
    const past: number[] = [];
    for await (const m of c.fetch('3:*', { uid: true }, { uid: true })) past.push(m.uid);
    await c.logout();
    expect(past).toEqual([2]);
    // New connections (each starts with a pass from the cursor, last UID 2) import nothing.
    for (let i = 0; i < 2; i++) {
      const before = passesOf(inboxId);
      await sup.refresh(inboxId);
      await until(
        () => passesOf(inboxId),
        (n) => n > before,
        { what: 'another pass' },
      );
    }
    expect(callsFor('trap-2')).toHaveLength(1);
    expect(passes.filter((p) => p.inboxId === inboxId).at(-1)?.result.outcomes.stored).toBe(0);
    expect(await storedTexts(app, inboxId)).toEqual(['body trap-1', 'body trap-2']);
  });

  it('two mails with the same Message-ID make one message', async () => {
    const twin = mail('twin', { body: 'the first copy' });
    const copy = Buffer.from(twin.toString().replace('the first copy', 'the second copy'));
    const inboxId = await syncing('Twins', [twin, copy]);
    expect(await storedTexts(app, inboxId)).toEqual(['the first copy']);
    expect(callsFor('twin').map((c) => c.status)).toEqual(['stored', 'duplicate']);
    expect((await getImap(app, owner, inboxId)).body.status.cursor.lastUid).toBe(2);
  });

  it('the first sync reaches back `importDays` (7 by default); older mail is passed over', async () => {
    const old = { raw: mail('old-1'), receivedAt: new Date(Date.now() - 30 * 86_400_000) };
    const inboxId = await syncing('Window', [old, mail('new-1')]);
    expect(await storedTexts(app, inboxId)).toEqual(['body new-1']);
    expect((await getImap(app, owner, inboxId)).body).toMatchObject({
      imap: { importDays: 7 },
      status: { cursor: { lastUid: 2 }, failures: [] },
    });
    expect(callsFor('old-1')).toEqual([]);
    // null: the whole mailbox
    const all = await syncing('WindowAll', [old, mail('new-2')], { importDays: null });
    expect(await storedTexts(app, all)).toEqual(['body old-1', 'body new-2']);
  });

  it('keeps HIGHESTMODSEQ (CONDSTORE) with the cursor, and marks nothing read unless configured', async () => {
    const inboxId = await syncing('Modseq', [mail('ms-1')]);
    const first = (await idle(inboxId)).cursor;
    expect(first.highestModseq).toMatch(/^[1-9]\d*$/);
    await appendMails(dovecot, 'Modseq', [mail('ms-2')]);
    const next = await until(
      async () => (await getImap(app, owner, inboxId)).body.status.cursor,
      (c) => c.lastUid === 2,
      { what: 'ms-2 synced' },
    );
    expect(BigInt(next.highestModseq)).toBeGreaterThan(BigInt(first.highestModseq));
    const flags = async (folder: string) => {
      const c = await mailboxClient(dovecot);
      await c.mailboxOpen(folder, { readOnly: true });
      const out: string[][] = [];
      for await (const m of c.fetch('1:*', { uid: true, flags: true }, { uid: true }))
        out.push([...(m.flags ?? [])]);
      await c.logout();
      return out;
    };
    const unread = await flags('Modseq');
    expect(unread).toHaveLength(2);
    for (const f of unread) expect(f).not.toContain('\\Seen');
    // Configured: imported mail is flagged \Seen.
    const seenInbox = await syncing('MarkSeen', [mail('seen-1')], { markSeen: true });
    expect(await storedTexts(app, seenInbox)).toEqual(['body seen-1']);
    await until(
      () => flags('MarkSeen'),
      (f) => f[0]?.includes('\\Seen'),
      { what: '\\Seen set' },
    );
  });
});
