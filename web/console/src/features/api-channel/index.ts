/** API inboxes in the console: their token, webhook and failed deliveries in Settings → Inboxes. */
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as apiChannelMessages } from './strings.ts';

export const inboxSettings: NonNullable<ExtensionModule['inboxSettings']> = [
  {
    id: 'api-channel',
    channelTypes: ['api'],
    load: () => import('./ApiInboxSettings.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = apiChannelMessages;
