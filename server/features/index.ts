/** Every feature wired into the server, in order. Each lives in its own folder. */
import type { Feature } from './feature.ts';
import { aiFeature } from '../ai/feature.ts';
import { kbFeature } from '../kb/feature.ts';
import { routingFeature } from '../routing/feature.ts';
import { consoleFeature } from '../web/feature.ts';
import { widgetFeature } from '../channels/web-widget/feature.ts';
import { consoleAdminFeature } from '../console/feature.ts';

export const features: Feature[] = [kbFeature, aiFeature, routingFeature, widgetFeature, consoleAdminFeature, consoleFeature];
