/** `kefu analytics rebuild`: usage errors, an unknown account, and a rebuild of one account by slug. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execute } from '../../core/commands/context.ts';
import { receiveMessage } from '../../core/commands/receive-message.ts';
import { type SeededAccount, type TestApp, testApp } from '../../test/test-app.ts';
import { analyticsCommand } from './cli.ts';
import { settled } from './test/facts.ts';

let app: TestApp;
let a: SeededAccount;

beforeAll(async () => {
  app = await testApp();
  a = await app.seedAccount({ slug: 'cli-rebuild' });
  const visitor = await app.visitor(a.inboxToken);
  await execute(
    app.services,
    { kind: 'contact', contactId: visitor.contactId, accountId: a.accountId, inboxId: a.inboxId },
    receiveMessage,
    { inboxId: a.inboxId, contactId: visitor.contactId, content: 'hello' },
  );
  await settled(app);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await app?.stop();
});

describe('kefu analytics', () => {
  it('answers usage errors and unknown accounts with a non-zero code', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await analyticsCommand(app.services, [])).toBe(2);
    expect(await analyticsCommand(app.services, ['rebuild', '--account', 'nobody'])).toBe(1);
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('No account "nobody"');
    err.mockRestore();
  });

  it('rebuilds one account by slug from its events', async () => {
    const db = app.services.database.db;
    await db.deleteFrom('conversation_facts').where('account_id', '=', a.accountId).execute();
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await analyticsCommand(app.services, ['rebuild', '--account', 'cli-rebuild'])).toBe(0);
    expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain('1 conversations');
    out.mockRestore();
    const facts = await db
      .selectFrom('conversation_facts')
      .select(['customer_messages', 'channel'])
      .where('account_id', '=', a.accountId)
      .execute();
    expect(facts).toEqual([{ customer_messages: 1, channel: 'web_widget' }]);
  });
});
