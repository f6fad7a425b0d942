/** Shared setup of the audit tests: reading rows straight from the table, waiting for a write. */
import type { TestApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import type { AuditLogTable } from '../tables.ts';

export function rowsOf(app: TestApp, accountId: string): Promise<AuditLogTable[]> {
  return app.services.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Rows are written after the response: waits until one matches. */
export async function waitForRow(
  app: TestApp,
  accountId: string,
  match: (r: AuditLogTable) => boolean,
  what: string,
): Promise<AuditLogTable> {
  const rows = await until(
    async () => (await rowsOf(app, accountId)).filter(match),
    (r) => r.length > 0,
    { what: `audit row: ${what}`, timeoutMs: 20_000 },
  );
  return rows[rows.length - 1];
}

/**
 * Waits until the writes of the requests made so far have landed: a marker request (its own user
 * agent) is recorded after them. Used before asserting that something was NOT recorded.
 */
export async function settle(
  app: TestApp,
  accountId: string,
  session: { cookie: string; csrf?: string },
): Promise<void> {
  const marker = `settle-${Math.random().toString(36).slice(2)}`;
  const r = await app.api('PATCH', '/api/v1/me', {
    session,
    body: {},
    headers: { 'user-agent': marker },
  });
  if (r.status !== 200) throw new Error(`settle: ${r.status}`);
  await waitForRow(app, accountId, (row) => row.user_agent === marker, 'settle marker');
}
