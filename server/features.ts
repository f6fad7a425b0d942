/** Every feature wired into the server, in order. Each lives in its own folder. */
import type { Feature } from './core/kit/feature.ts';
import { aiFeature } from './features/ai/feature.ts';
import { kbFeature } from './features/kb/feature.ts';
import { routingFeature } from './features/routing/feature.ts';
import { consoleFeature } from './features/console-app/feature.ts';
import { widgetFeature } from './features/web-widget/feature.ts';
import { consoleAdminFeature } from './features/console-api/feature.ts';
import { auditFeature } from './features/audit/feature.ts';
import { ssoFeature } from './features/sso/feature.ts';
import { signInAlertsFeature } from './features/sign-in-alerts/feature.ts';
import { cannedFeature } from './features/canned/feature.ts';
import { apiChannelFeature } from './features/api-channel/feature.ts';
import { emailChannelFeature } from './features/email-channel/feature.ts';
import { analyticsFeature } from './features/analytics/feature.ts';
import { wechatChannelFeature } from './features/wechat-channel/feature.ts';
import { redactionFeature } from './features/redaction/feature.ts';

export const features: Feature[] = [
  kbFeature,
  aiFeature,
  routingFeature,
  widgetFeature,
  consoleAdminFeature,
  consoleFeature,
  auditFeature,
  ssoFeature,
  cannedFeature,
  signInAlertsFeature,
  apiChannelFeature,
  emailChannelFeature,
  analyticsFeature,
  wechatChannelFeature,
  redactionFeature,
];
