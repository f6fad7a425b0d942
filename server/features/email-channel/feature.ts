/**
 * The email channel: mail in (SMTP listener, IMAP, raw-MIME webhook), threaded into conversations,
 * agent replies out through the inbox's SMTP relay. (Being built: see README.md.)
 */
import type {} from './tables.ts'; // the feature's tables merge into the core's DB type
import type { Feature } from '../../core/kit/feature.ts';
import * as m120 from './migrations/120-email.ts';
import { imapMigrations, imapRoutes, startImapSync } from './imap/index.ts';

export const emailChannelFeature: Feature = {
  name: 'email-channel',
  migrations: { '120-email': m120, ...imapMigrations },
  routes: [...imapRoutes],
  start: (ctx) => startImapSync(ctx),
};
