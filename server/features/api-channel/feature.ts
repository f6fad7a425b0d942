/**
 * The API channel: an inbox whose customer messages arrive over REST (inbox token) and whose agent
 * replies leave through a signed webhook. (Being built: see README.md.)
 */
import type { Feature } from '../../core/kit/feature.ts';

export const apiChannelFeature: Feature = {
  name: 'api-channel',
};
