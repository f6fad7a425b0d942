/**
 * The email channel: mail in (SMTP listener, IMAP, raw-MIME webhook), threaded into conversations,
 * agent replies out through the inbox's SMTP relay. See README.md (inbound), imap/README.md and outbound/README.md.
 */
import type {} from './tables.ts'; // the feature's tables merge into the core's DB type
import type { Feature } from '../../core/kit/feature.ts';
import { inboundHttp, inboundMigrations, inboundRoutes, startInbound } from './inbound.ts';
import { imapMigrations, imapRoutes, startImapSync } from './imap/index.ts';
import {
  emailOutboundMigrations,
  emailOutboundProcessors,
  emailOutboundRoutes,
  startEmailOutbound,
} from './outbound/index.ts';

export const emailChannelFeature: Feature = {
  name: 'email-channel',
  migrations: {
    ...inboundMigrations,
    ...imapMigrations,
    ...emailOutboundMigrations,
  },
  routes: [...inboundRoutes, ...imapRoutes, ...emailOutboundRoutes],
  http: inboundHttp,
  processors: (ctx) => emailOutboundProcessors(ctx),
  start: (ctx) => {
    const stops = [startInbound(ctx), startImapSync(ctx), startEmailOutbound(ctx)];
    return async () => {
      for (const stop of stops) await stop?.();
    };
  },
};
