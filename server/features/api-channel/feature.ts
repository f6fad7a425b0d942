/**
 * The API channel: an inbox whose customer messages arrive over REST from an app's server (inbox
 * token; routes/messages.ts, attachments.ts), whose live clients may use the widget's /visitor socket
 * (routes/sessions.ts), and whose public replies and status changes leave through a signed webhook
 * (processors.ts enqueues durable deliveries, delivery/worker.ts sends and retries them). Admins set
 * it up in routes/settings.ts and deliveries.ts. See README.md.
 */
import type {} from './tables.ts'; // the feature's tables merge into the core's types
import type { Feature } from '../../core/kit/feature.ts';
import { registerWorker } from './delivery/registry.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { webhookProcessor } from './processors.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { deliveryRoutes } from './routes/deliveries.ts';
import { messageRoutes } from './routes/messages.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { settingsRoutes } from './routes/settings.ts';
import * as m110 from './migrations/110-api-channel.ts';

export const apiChannelFeature: Feature = {
  name: 'api-channel',
  migrations: { '110-api-channel': m110 },
  routes: [
    ...messageRoutes,
    ...attachmentRoutes,
    ...sessionRoutes,
    ...settingsRoutes,
    ...deliveryRoutes,
  ],
  processors: (ctx) => [webhookProcessor(ctx)],
  start: ({ services }) => {
    const worker = new DeliveryWorker({ services });
    registerWorker(services, worker);
    worker.start();
    return async () => {
      registerWorker(services, null);
      await worker.stop();
    };
  },
};
