/**
 * The outbound half of the email channel, wired into the feature's manifest (../feature.ts):
 * its migrations, the `email-outbound` processor, the retry timer and the routes.
 * See ../README.md ("Outbound").
 */
import type {} from './tables.ts'; // the outbound tables merge into the core's DB type
import type { Migrations } from '../../../core/db/migrate.ts';
import type { Processor } from '../../../core/events/dispatcher.ts';
import type { FeatureContext } from '../../../core/kit/feature.ts';
import * as m125 from '../migrations/125-email-outbound.ts';
import * as m126 from '../migrations/126-email-outbound-rate.ts';
import { emailOutboundProcessor } from './processor.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { smtpSettingsRoutes } from './routes/smtp-settings.ts';
import { startConversationRoutes } from './routes/start-conversation.ts';
import { testMailRoutes } from './routes/test-mail.ts';

export { startEmailOutbound } from './timer.ts';
export { parseReplyToken, replyToken, tokenOfAddress } from './reply-token.ts';
export { markBounced } from './record-attempt.ts';

export const emailOutboundMigrations: Migrations = {
  '125-email-outbound': m125,
  '126-email-outbound-rate': m126,
};

export function emailOutboundProcessors(ctx: FeatureContext): Processor[] {
  return [emailOutboundProcessor(ctx.services)];
}

export const emailOutboundRoutes = [
  ...smtpSettingsRoutes,
  ...testMailRoutes,
  ...outboxRoutes,
  ...startConversationRoutes,
];
