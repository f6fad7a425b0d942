/** `kefu analytics rebuild [--account SLUG]`: the facts recomputed from the events table. */
import type { CommandDeps } from '../../core/commands/context.ts';
import { rebuildFacts } from './commands/rebuild.ts';

export async function analyticsCommand(deps: CommandDeps, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'rebuild') {
    process.stderr.write('Usage: kefu analytics rebuild [--account SLUG]\n');
    return 2;
  }
  let accountId: string | undefined;
  const i = rest.indexOf('--account');
  if (i >= 0) {
    const slug = rest[i + 1];
    const row = slug
      ? await deps.database.db
          .selectFrom('accounts')
          .select('id')
          .where('slug', '=', slug)
          .executeTakeFirst()
      : undefined;
    if (!row) {
      process.stderr.write(`No account "${slug ?? ''}".\n`);
      return 1;
    }
    accountId = row.id;
  }
  const started = Date.now();
  const r = await rebuildFacts(deps, { accountId });
  process.stdout.write(
    `Rebuilt analytics facts: ${r.conversations} conversations from ${r.events} events in ${r.accounts} account(s), ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
  return 0;
}
