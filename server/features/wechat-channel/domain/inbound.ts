/**
 * What one callback document says, channel-neutral enough for the core: a user's message (text,
 * image, voice with the platform's `Recognition`, video, shortvideo, location, link, Mini Program
 * page) or an event (subscribe, unsubscribe, CLICK, SCAN, VIEW, LOCATION, a Mini Program customer
 * service session). Pure: parsing, the dedupe key and the text an agent reads.
 */
import { field, type XmlObject } from './xml.ts';

export const MESSAGE_TYPES = [
  'text',
  'image',
  'voice',
  'video',
  'shortvideo',
  'location',
  'link',
  'miniprogrampage',
] as const;
export type WechatMessageType = (typeof MESSAGE_TYPES)[number];

/** Types whose media is downloaded at once (temporary media expires after 3 days). */
export const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'voice', 'video', 'shortvideo']);

/** Events that open a reply window (3 messages within a minute). */
export const WINDOW_EVENTS: ReadonlySet<string> = new Set([
  'subscribe',
  'CLICK',
  'SCAN',
  'user_enter_tempsession',
]);

interface Common {
  openId: string;
  /** The account's original id (gh_…), as the platform wrote it. */
  toUser: string;
  /** Seconds. */
  createTime: number;
}

export interface WechatMessage extends Common {
  kind: 'message';
  msgType: WechatMessageType;
  msgId: string;
  content: string;
  mediaId?: string;
  /** Voice: the platform's speech recognition, when the account turned it on. */
  recognition?: string;
  format?: string;
  location?: { latitude: number; longitude: number; scale: number; label: string };
  link?: { title: string; description: string; url: string };
  page?: { title: string; appId: string; pagePath: string };
}

export interface WechatEvent extends Common {
  kind: 'event';
  event: string;
  eventKey?: string;
}

export interface WechatUnsupported extends Common {
  kind: 'unsupported';
  msgType: string;
  msgId?: string;
}

export type WechatInbound = WechatMessage | WechatEvent | WechatUnsupported;

export class InboundError extends Error {}

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

function common(doc: XmlObject): Common {
  const openId = field(doc, 'FromUserName') ?? '';
  const createTime = field(doc, 'CreateTime') ?? '';
  if (!OPENID.test(openId)) throw new InboundError('FromUserName');
  if (!/^\d{1,12}$/.test(createTime)) throw new InboundError('CreateTime');
  return { openId, toUser: field(doc, 'ToUserName') ?? '', createTime: Number(createTime) };
}

const num = (s: string | undefined) => (s && Number.isFinite(Number(s)) ? Number(s) : 0);

/** The typed form of a callback document; throws InboundError when a required field is missing. */
export function toInbound(doc: XmlObject): WechatInbound {
  const base = common(doc);
  const msgType = field(doc, 'MsgType') ?? '';
  if (msgType === 'event') {
    const event = field(doc, 'Event');
    if (!event) throw new InboundError('Event');
    const eventKey = field(doc, 'EventKey');
    return { ...base, kind: 'event', event, ...(eventKey ? { eventKey } : {}) };
  }
  const msgId = field(doc, 'MsgId') ?? field(doc, 'MsgID');
  if (!(MESSAGE_TYPES as readonly string[]).includes(msgType))
    return { ...base, kind: 'unsupported', msgType: msgType || 'unknown', msgId };
  if (!msgId || !/^\d{1,24}$/.test(msgId)) throw new InboundError('MsgId');
  return { ...base, kind: 'message', msgId, ...body(doc, msgType as WechatMessageType) };
}

function body(doc: XmlObject, msgType: WechatMessageType) {
  const f = (n: string) => field(doc, n) ?? '';
  switch (msgType) {
    case 'text':
      return { msgType, content: f('Content') };
    case 'voice':
      return {
        msgType,
        content: f('Recognition'),
        mediaId: f('MediaId'),
        format: f('Format') || 'amr',
        ...(f('Recognition') ? { recognition: f('Recognition') } : {}),
      };
    case 'image':
    case 'video':
    case 'shortvideo':
      return { msgType, content: '', mediaId: f('MediaId') };
    case 'location': {
      const location = {
        latitude: num(f('Location_X')),
        longitude: num(f('Location_Y')),
        scale: num(f('Scale')),
        label: f('Label'),
      };
      return {
        msgType,
        content: location.label || `${location.latitude},${location.longitude}`,
        location,
      };
    }
    case 'link': {
      const link = { title: f('Title'), description: f('Description'), url: f('Url') };
      return { msgType, content: [link.title, link.url].filter(Boolean).join('\n'), link };
    }
    case 'miniprogrampage': {
      const page = { title: f('Title'), appId: f('AppId'), pagePath: f('PagePath') };
      return { msgType, content: page.title, page };
    }
  }
}

/**
 * The key one delivery is deduplicated on within its inbox: the platform's MsgId for messages;
 * FromUserName + CreateTime + Event for events (they have no MsgId).
 */
export function dedupeKey(m: WechatInbound): string {
  if (m.kind === 'event') return `evt:${m.openId}:${m.createTime}:${m.event}`;
  if (m.msgId) return `msg:${m.msgId}`;
  return `msg:${m.openId}:${m.createTime}:${m.msgType}`;
}

/** What the message's `attributes.wechat` carries (for the console and the API). */
export function wechatAttributes(m: WechatMessage): Record<string, unknown> {
  return {
    msgType: m.msgType,
    msgId: m.msgId,
    ...(m.recognition !== undefined ? { recognition: m.recognition } : {}),
    ...(m.format ? { format: m.format } : {}),
    ...(m.location ? { location: m.location } : {}),
    ...(m.link ? { link: m.link } : {}),
    ...(m.page ? { page: m.page } : {}),
  };
}
