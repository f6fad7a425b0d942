/** `kefu start`: run the server; seed demo data on an empty database; graceful shutdown on SIGTERM/SIGINT. */
import type { Config } from '../core/config.ts';
import { startServer } from '../main.ts';
import { widgetSnippet } from '../core/kit/contracts.ts';
import { buildWeb } from '../../scripts/build-web.ts';
import { DEMO_USERS, demoExists, seedDemo } from './seed-demo.ts';

export async function start(config: Config): Promise<number> {
  if (config.BUILD_WEB) {
    await buildWeb({ ifStale: true, log: (m) => process.stdout.write(`  ${m}\n`) }).catch((err) =>
      process.stderr.write(
        `  web bundles could not be built (the API still runs): ${(err as Error).message}\n`,
      ),
    );
  }
  const server = await startServer(config, {
    onReady: async (services) => {
      const empty = !(await services.database.db
        .selectFrom('accounts')
        .select('id')
        .limit(1)
        .executeTakeFirst());
      if (config.SEED_DEMO && empty) await seedDemo(services);
    },
  });
  const { services } = server;
  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  if (await demoExists(services)) {
    const inbox = await services.database.db
      .selectFrom('inboxes')
      .innerJoin('accounts', 'accounts.id', 'inboxes.account_id')
      .select('inboxes.public_token')
      .where('accounts.slug', '=', 'demo')
      .orderBy('inboxes.created_at')
      .executeTakeFirst();
    const lines = [
      '',
      `  Kefu is running on ${publicUrl}  (database: ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'})`,
      `  Agent console / 客服工作台: ${publicUrl}/app/`,
      `  API: ${publicUrl}/api/v1  (OpenAPI: ${publicUrl}/api/v1/openapi.json)`,
      '',
      '  Demo logins / 演示账号:',
      ...DEMO_USERS.map((u) => `    ${u.role.padEnd(6)} ${u.email.padEnd(22)} ${u.password}`),
      '',
      ...(inbox
        ? [
            `  Widget token: ${inbox.public_token}`,
            `  Widget snippet / 网页插件代码:`,
            `    ${widgetSnippet(publicUrl, inbox.public_token)}`,
            `  Help center / 帮助中心: ${publicUrl}/help/demo`,
            '',
          ]
        : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } else {
    process.stdout.write(`Kefu is running on ${publicUrl}\n`);
  }
  const stop = (signal: string) => {
    services.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      services.log.error('shutdown timed out');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    server.close().then(
      () => {
        clearTimeout(timer);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return -1;
}
