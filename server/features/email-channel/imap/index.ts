/**
 * IMAP sync for existing mailboxes (issue 15, ingest path b): what the email channel's feature.ts
 * wires — the migration, the admin routes and the sync started on worker nodes.
 */
import type {} from './tables.ts'; // the IMAP tables merge into the core's DB type
import * as m130 from '../migrations/130-email-imap.ts';
import * as m131 from '../migrations/131-email-imap-import-window.ts';
import { imapSettingsRoutes } from './routes/settings.ts';
import { imapTestRoutes } from './routes/test-connection.ts';

export { startImapSync } from './supervisor.ts';

export const imapMigrations = {
  '130-email-imap': m130,
  '131-email-imap-import-window': m131,
};

export const imapRoutes = [...imapSettingsRoutes, ...imapTestRoutes];
