/** The `kefu` command line: start, migrate, seed-demo, create-account, create-user, reset-2fa, backup, restore, doctor, ai. */
import { parseArgs } from 'node:util';
// Each command's module is imported when that command runs: `kefu --help` loads nothing else, and a
// command loads only what it uses (start.ts pulls in the whole server).

const usage = `kefu <command> [options]

  start                 run the server (embedded SQLite under ./data unless DATABASE_URL is set)
  migrate               apply database migrations
  seed-demo             create the demo account, agents, inbox and conversations
  create-account        --name NAME --slug SLUG --owner-email EMAIL --owner-password PASSWORD [--owner-name NAME]
  create-user           --account SLUG --email EMAIL --name NAME --password PASSWORD [--role agent|supervisor|admin|owner]
  reset-2fa             --email EMAIL  turn off a user's two-step verification (lost phone and recovery codes)
  backup                [--out FILE]  one archive of DATA_DIR's state (database snapshot, secret.key, uploads) while the server runs
  restore               --from FILE [--force]  verify a backup and restore it into DATA_DIR (--force: keep the old state in DATA_DIR/.pre-restore-<time>)
  doctor                check configuration, database, Redis and disk
  ai                    train | eval  (see docs/models.md)
  analytics rebuild     [--account SLUG]  recompute the conversation facts from the events table
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(usage);
    return command ? 0 : 1;
  }
  if (command === 'ai') {
    const { runAiCommand } = await import('./ai.ts');
    return runAiCommand(rest);
  }
  const { loadConfig } = await import('../core/config.ts');
  const config = loadConfig();
  const { values } = parseArgs({
    args: rest,
    strict: false,
    options: {
      name: { type: 'string' },
      slug: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-password': { type: 'string' },
      'owner-name': { type: 'string' },
      account: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const v = values as Record<string, string | undefined>;
  switch (command) {
    case 'start':
      return (await import('./start.ts')).start(config);
    case 'migrate':
      return (await import('./commands.ts')).migrate(config);
    case 'seed-demo':
      return (await import('./commands.ts')).seedDemoCmd(config);
    case 'create-account':
      return (await import('./commands.ts')).createAccountCmd(config, v);
    case 'create-user':
      return (await import('./commands.ts')).createUserCmd(config, v);
    case 'reset-2fa':
      return (await import('./two-factor.ts')).resetTwoFactorCmd(config, v);
    case 'backup':
      return (await import('./commands.ts')).backup(config, v.out);
    case 'restore':
      return (await import('./commands.ts')).restore(config, values);
    case 'doctor':
      return (await import('./commands.ts')).doctor(config);
    case 'analytics': {
      const { analyticsCommand } = await import('../features/analytics/cli.ts');
      return (await import('./commands.ts')).withDeps(config, (deps) =>
        analyticsCommand(deps, rest),
      );
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  async (err) => {
    const { ConfigError } = await import('../core/config.ts');
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else
      process.stderr.write(`Error: ${err?.code ? `[${err.code}] ` : ''}${err?.message ?? err}\n`);
    process.exit(1);
  },
);
