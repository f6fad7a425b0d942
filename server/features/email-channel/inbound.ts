/**
 * The inbound half of the email channel, as the manifest (feature.ts) wires it: its migrations, routes
 * (inbound settings, the raw-MIME webhook, the failure list, the raw .eml, merge suggestions), the
 * `message/rfc822` body parser and
 * the SMTP listener (started when SMTP_PORT is set, on nodes with the web role).
 */
import type { FastifyInstance } from 'fastify';
import type { FeatureContext } from '../../core/kit/feature.ts';
import type { Services } from '../../core/services.ts';
import * as m120 from './migrations/120-email.ts';
import * as m121 from './migrations/121-email-contacts.ts';
import { failureRoutes } from './routes/failures.ts';
import { mailRecordRoutes } from './routes/mail-records.ts';
import { rawMailParser, rawRoutes } from './routes/raw.ts';
import { settingsRoutes } from './routes/settings.ts';
import { startSmtpListener } from './smtp/listener.ts';

export const inboundMigrations = { '120-email': m120, '121-email-contacts': m121 };

export const inboundRoutes = [
  ...settingsRoutes,
  ...rawRoutes,
  ...failureRoutes,
  ...mailRecordRoutes,
];

export function inboundHttp(app: FastifyInstance, services: Services): void {
  rawMailParser(app, services);
}

export function startInbound(ctx: FeatureContext): (() => Promise<void>) | undefined {
  const { config, log } = ctx.services;
  if (config.SMTP_PORT === undefined || !config.roles.has('web')) return undefined;
  const listener = startSmtpListener(ctx.services);
  listener.catch((err) => log.error({ err }, 'email: the SMTP listener could not start'));
  return async () => {
    await listener.then((l) => l.close()).catch(() => {});
  };
}
