/** Domain events owned by the WeChat channel (merged into EventPayloads in catalog.ts). */

/**
 * A callback was stored (before `success` was answered); the inbound processor turns it into a
 * contact, a message or a reply window. For admins only (it carries no message content).
 */
export interface WechatInboundReceivedPayload {
  inboxId: string;
  inboundId: string;
  audience: 'admins';
}

export interface WechatEvents {
  'wechat.inbound_received': WechatInboundReceivedPayload;
}

export const WECHAT_EVENT_TYPES = ['wechat.inbound_received'] as const;

// Merged into the core's catalogue (declaration merging): the core names no feature.
declare module '../../core/events/catalog.ts' {
  interface EventPayloads extends WechatEvents {}
}
