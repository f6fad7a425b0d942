/** One-shot CLI commands. They run the same use-cases as the HTTP API. */
import { mkdirSync, statfsSync } from 'node:fs';
import pino from 'pino';
import type { Config } from '../core/config.ts';
import { createAccount, createUser } from '../core/commands/accounts.ts';
import { execute, type CommandDeps } from '../core/commands/context.ts';
import type { Role } from '../core/db/types.ts';
import { Dispatcher } from '../core/events/dispatcher.ts';
import { MemoryQueue } from '../core/infra/memory-queue.ts';
import { systemClock } from '../core/lib/clock.ts';
import { newId } from '../core/lib/ids.ts';
import { openConfiguredDatabase } from '../main.ts';
import { DEMO_USERS, seedDemo } from './seed-demo.ts';

export async function withDeps<T>(
  config: Config,
  fn: (deps: CommandDeps) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(config);
  const log = pino({ level: 'warn' });
  const queue = new MemoryQueue();
  const deps: CommandDeps = {
    database,
    dispatcher: new Dispatcher(database.db, queue, log),
    clock: systemClock,
    log,
  };
  try {
    return await fn(deps);
  } finally {
    await deps.dispatcher.drain();
    await database.close();
  }
}

function required(v: Record<string, string | undefined>, keys: string[]): void {
  const missing = keys.filter((k) => !v[k]);
  if (missing.length)
    throw new Error(`missing option(s): ${missing.map((k) => `--${k}`).join(', ')}`);
}

export async function migrate(config: Config): Promise<number> {
  await withDeps(config, async () => {});
  process.stdout.write('Database is up to date.\n');
  return 0;
}

export async function seedDemoCmd(config: Config): Promise<number> {
  const r = await withDeps(config, seedDemo);
  if (!r) {
    process.stdout.write('The demo account already exists.\n');
    return 0;
  }
  process.stdout.write(
    `Demo account created. Logins:\n${DEMO_USERS.map((u) => `  ${u.email} / ${u.password} (${u.role})`).join('\n')}\nWidget token: ${r.inboxToken}\n`,
  );
  return 0;
}

export async function createAccountCmd(
  config: Config,
  v: Record<string, string | undefined>,
): Promise<number> {
  required(v, ['name', 'slug', 'owner-email', 'owner-password']);
  if (!/^[a-z0-9-]{2,40}$/.test(v.slug!))
    throw new Error('--slug: 2-40 lowercase letters, digits or dashes');
  if (v['owner-password']!.length < 8) throw new Error('--owner-password: at least 8 characters');
  await withDeps(config, async (deps) => {
    const accountId = newId();
    const system = { kind: 'system' as const, accountId };
    await execute(deps, system, createAccount, { name: v.name!, slug: v.slug! });
    await execute(deps, system, createUser, {
      email: v['owner-email']!,
      name: v['owner-name'] ?? v['owner-email']!,
      password: v['owner-password']!,
      role: 'owner',
    });
  });
  process.stdout.write(`Account "${v.slug}" created with owner ${v['owner-email']}.\n`);
  return 0;
}

export async function createUserCmd(
  config: Config,
  v: Record<string, string | undefined>,
): Promise<number> {
  required(v, ['account', 'email', 'name', 'password']);
  const role = (v.role ?? 'agent') as Role;
  if (!['owner', 'admin', 'supervisor', 'agent'].includes(role))
    throw new Error('--role: owner, admin, supervisor or agent');
  if (v.password!.length < 8) throw new Error('--password: at least 8 characters');
  await withDeps(config, async (deps) => {
    const account = await deps.database.db
      .selectFrom('accounts')
      .select('id')
      .where('slug', '=', v.account!)
      .executeTakeFirst();
    if (!account) throw new Error(`no account with slug "${v.account}"`);
    await execute(deps, { kind: 'system', accountId: account.id }, createUser, {
      email: v.email!,
      name: v.name!,
      password: v.password!,
      role,
    });
  });
  process.stdout.write(`User ${v.email} (${role}) created.\n`);
  return 0;
}

/** `kefu backup`: database snapshot (SQLite online backup API), secret.key and uploads in one archive (cli/backup.ts). */
export async function backup(config: Config, out?: string): Promise<number> {
  const { createBackup } = await import('./backup.ts');
  await createBackup(config, { out });
  return 0;
}

/** `kefu restore --from FILE [--force]`: verify the archive, then replace DATA_DIR's state (the old one kept aside). */
export async function restore(
  config: Config,
  v: Record<string, string | boolean | undefined>,
): Promise<number> {
  if (typeof v.from !== 'string' || !v.from) throw new Error('missing option(s): --from');
  const { restoreBackup } = await import('./backup.ts');
  await restoreBackup(config, { from: v.from, force: v.force === true });
  return 0;
}

export async function doctor(config: Config): Promise<number> {
  const results: Array<[string, boolean, string]> = [];
  results.push([
    'config',
    true,
    `database=${config.database.kind}, redis=${config.REDIS_URL ? 'yes' : 'no'}, roles=${[...config.roles].join(',')}`,
  ]);
  try {
    const database = await openConfiguredDatabase(config);
    await database.ping();
    const n = await database.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    results.push(['database', true, `reachable, migrated, ${Number(n?.n ?? 0)} account(s)`]);
    await database.close();
  } catch (err) {
    results.push(['database', false, (err as Error).message]);
  }
  if (config.REDIS_URL) {
    const { Redis } = await import('ioredis');
    const r = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await r.connect();
      await r.ping();
      results.push(['redis', true, 'reachable']);
    } catch (err) {
      results.push(['redis', false, (err as Error).message]);
    }
    r.disconnect();
  }
  try {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const s = statfsSync(config.DATA_DIR);
    const freeMb = Math.round((s.bavail * s.bsize) / 1048576);
    results.push(['disk', freeMb > 500, `${freeMb} MB free in ${config.DATA_DIR}`]);
  } catch (err) {
    results.push(['disk', false, (err as Error).message]);
  }
  for (const [name, ok, detail] of results)
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(9)} ${detail}\n`);
  return results.every((r) => r[1]) ? 0 : 1;
}
