/**
 * The web-chat widget: the loader script and the iframe app (`http.ts`), the visitor's API (./routes,
 * one file per resource; writes in ./commands, reads in ./store, pure rules in ./domain) and the
 * visitor socket (`visitor-handlers.ts`).
 */
import type {} from './events.ts'; // the feature's events and tables merge into the core's types
import type {} from './tables.ts';
import type { Feature } from '../../core/kit/feature.ts';
import { widgetHttp } from './http.ts';
import { configRoutes } from './routes/config.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { messageRoutes } from './routes/messages.ts';
import { handoverRoutes } from './routes/handover.ts';
import { csatRoutes } from './routes/csat.ts';
import { profileRoutes } from './routes/profile.ts';
import { offlineMessageRoutes } from './routes/offline-message.ts';
import { registerVisitorHandlers } from './visitor-handlers.ts';
import * as m060 from './migrations/060-widget.ts';
import * as m061 from './migrations/061-widget-conversation-attributes.ts';

export const widgetFeature: Feature = {
  name: 'widget',
  migrations: { '060-widget': m060, '061-widget-conversation-attributes': m061 },
  routes: [
    ...configRoutes,
    ...sessionRoutes,
    ...messageRoutes,
    ...handoverRoutes,
    ...csatRoutes,
    ...profileRoutes,
    ...offlineMessageRoutes,
  ],
  visitorSocket: registerVisitorHandlers,
  http: widgetHttp,
};
