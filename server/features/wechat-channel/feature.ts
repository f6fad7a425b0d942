/**
 * The WeChat channel: Official Account (公众号) and Mini Program customer service. The platform's
 * callback (routes/callback.ts: verify, decrypt, store, answer `success`), the inbound processor
 * (contacts with UnionID merge, messages with media, reply windows), the outbound processor
 * (customer-service messages through the platform API, access tokens shared through the KV), admin
 * settings, the reply-window route for the composer and a send route that refuses what the platform
 * would refuse. See README.md.
 */
import type {} from './events.ts'; // the feature's events and tables merge into the core's types
import type {} from './tables.ts';
import type { Feature } from '../../core/kit/feature.ts';
import type { Services } from '../../core/services.ts';
import { WechatApi } from './api/client.ts';
import * as m140 from './migrations/140-wechat.ts';
import { inboundProcessor } from './processors/inbound.ts';
import { outboundProcessor } from './processors/outbound.ts';
import { callbackHttp } from './routes/callback.ts';
import { sendRoutes } from './routes/send.ts';
import { settingsRoutes } from './routes/settings.ts';
import { windowRoutes } from './routes/window.ts';
import { pruneInbound } from './store/prune.ts';

const apis = new WeakMap<Services, WechatApi>();

/** The platform client of a server (one token cache per process). */
export function wechatApiOf(services: Services): WechatApi {
  let api = apis.get(services);
  if (!api) apis.set(services, (api = new WechatApi(services)));
  return api;
}

export const wechatChannelFeature: Feature = {
  name: 'wechat-channel',
  migrations: { '140-wechat': m140 },
  routes: [...settingsRoutes, ...windowRoutes, ...sendRoutes],
  http: callbackHttp,
  processors: ({ services }) => [
    inboundProcessor(services, wechatApiOf(services)),
    outboundProcessor(services, wechatApiOf(services)),
  ],
  start: ({ services }) => {
    if (!services.config.roles.has('worker')) return;
    const prune = () =>
      pruneInbound(services.database.db, services.clock.now()).catch((err) =>
        services.log.warn({ err }, 'wechat: pruning the inbound table failed'),
      );
    const timer = setInterval(prune, 3_600_000);
    timer.unref();
    return () => clearInterval(timer);
  },
};
