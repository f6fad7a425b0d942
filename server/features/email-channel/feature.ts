/**
 * The email channel: mail in (SMTP listener, IMAP, raw-MIME webhook), threaded into conversations,
 * agent replies out through the inbox's SMTP relay. (Being built: see README.md.)
 */
import type { Feature } from '../../core/kit/feature.ts';

export const emailChannelFeature: Feature = {
  name: 'email-channel',
};
