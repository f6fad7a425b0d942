/**
 * A local WeChat Official Account platform for tests and development (`startWechatSim({ port })`):
 * the API Kefu calls (`cgi-bin/token` with expiry, `message/custom/send` with the reply window —
 * 5 messages within 48 h of a user message, 3 within a minute of a follow, menu click or scan;
 * 45015 / 45047 / 43004 outside it; 40001 for an unknown token and 42001 for an expired one —
 * `media/upload`, `media/get` (video as `video_url`), `user/info` with UnionIDs) on 127.0.0.1, and
 * the users' side: each user action is posted to the app's callback URL signed and encrypted as
 * the platform does (sim-callback.ts), and every message the account sends lands on the user's
 * "phone" (`phone(appId, openId)`). Independent of the channel's own window code on purpose.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simPage } from './sim-page.ts';
import {
  type DeliveryReport,
  type PostOptions,
  postCallback,
  type SimApp,
} from './sim-callback.ts';

export type { DeliveryReport, SimApp } from './sim-callback.ts';

export interface PhoneMessage {
  msgtype: string;
  text?: string;
  mediaId?: string;
  media?: { data: Buffer; contentType: string; fileName: string };
  at: number;
}

interface Window {
  quota: number;
  used: number;
  closesAt: number;
}
interface Media {
  data: Buffer;
  contentType: string;
  fileName: string;
  type: string;
}

export interface SimOptions {
  port?: number;
  /** The platform's clock (token expiry, reply windows). */
  now?: () => number;
}

const rand = (n: number) => randomBytes(n).toString('hex');

export class WechatSim {
  url = '';
  readonly apps = new Map<string, SimApp>();
  readonly tokens = new Map<string, { appId: string; expiresAt: number }>();
  readonly windows = new Map<string, Window>();
  readonly media = new Map<string, Media>();
  readonly phones = new Map<string, PhoneMessage[]>();
  readonly unionIds = new Map<string, string>();
  readonly unsubscribed = new Set<string>();
  /** Calls by path, for tests (`cgi-bin/token`: how many tokens were fetched). */
  readonly calls = new Map<string, number>();
  /** The next `message/custom/send` calls answer this errcode (e.g. -1, system busy). */
  failSends: { errcode: number; times: number } | null = null;
  /** While set, `media/get` waits for it (a latch held by a test). */
  mediaGate: Promise<void> | null = null;
  private server: Server | null = null;
  private msgId = 10_000_000_000_000_000n;
  readonly now: () => number;

  constructor(opts: SimOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  async listen(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => send(res, 500, { errcode: -1, errmsg: String(err) }));
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  addApp(app: SimApp): SimApp {
    this.apps.set(app.appId, app);
    return app;
  }

  private key = (appId: string, openId: string) => `${appId}/${openId}`;

  phone(appId: string, openId: string): PhoneMessage[] {
    return this.phones.get(this.key(appId, openId)) ?? [];
  }

  setUnionId(appId: string, openId: string, unionId: string): void {
    this.unionIds.set(this.key(appId, openId), unionId);
  }

  /** Every token issued so far expires now (the next call with one answers 42001). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = this.now();
  }

  // ---- the users' side -------------------------------------------------------------------

  private nextMsgId = () => String(++this.msgId);

  /** Posts one user action to the app's callback; opens the platform's reply window first. */
  async deliver(
    appId: string,
    openId: string,
    fields: Record<string, string | number | undefined>,
    opts: PostOptions = {},
  ): Promise<DeliveryReport & { msgId?: string }> {
    const app = this.apps.get(appId);
    if (!app) throw new Error(`sim: unknown app ${appId}`);
    this.interacted(appId, openId, fields.MsgType === 'event' ? String(fields.Event) : 'message');
    const doc: Record<string, string | number | undefined> = {
      ToUserName: `gh_${appId.slice(2, 14)}`,
      FromUserName: openId,
      CreateTime: Math.floor(this.now() / 1000),
      ...fields,
    };
    return { ...(await postCallback(app, doc, opts)), msgId: fields.MsgId as string | undefined };
  }

  text(appId: string, openId: string, content: string, opts?: PostOptions) {
    return this.deliver(
      appId,
      openId,
      { MsgType: 'text', Content: content, MsgId: this.nextMsgId() },
      opts,
    );
  }

  /** A picture, voice (with `Recognition`) or video: stored as temporary media first. */
  file(
    appId: string,
    openId: string,
    type: 'image' | 'voice' | 'video' | 'shortvideo',
    file: { data: Buffer; contentType: string; fileName: string },
    extra: Record<string, string> = {},
  ) {
    const mediaId = `m_${rand(8)}`;
    this.media.set(mediaId, { ...file, type });
    return this.deliver(appId, openId, {
      MsgType: type,
      MediaId: mediaId,
      ...(type === 'image' ? { PicUrl: `${this.url}/pic/${mediaId}` } : {}),
      ...(type === 'voice' ? { Format: 'amr' } : {}),
      ...extra,
      MsgId: this.nextMsgId(),
    });
  }

  event(appId: string, openId: string, event: string, eventKey?: string, opts?: PostOptions) {
    if (event === 'unsubscribe') this.unsubscribed.add(this.key(appId, openId));
    if (event === 'subscribe') this.unsubscribed.delete(this.key(appId, openId));
    return this.deliver(
      appId,
      openId,
      { MsgType: 'event', Event: event, EventKey: eventKey },
      opts,
    );
  }

  /** The platform's window after a user's message or event. */
  private interacted(appId: string, openId: string, what: string): void {
    const k = this.key(appId, openId);
    const now = this.now();
    if (what === 'message')
      this.windows.set(k, { quota: 5, used: 0, closesAt: now + 48 * 3_600_000 });
    else if (['subscribe', 'CLICK', 'SCAN', 'user_enter_tempsession'].includes(what)) {
      const w = this.windows.get(k);
      const left = w && w.closesAt > now ? w.quota - w.used : 0;
      if (!(left >= 3 && w!.closesAt >= now + 60_000))
        this.windows.set(k, { quota: 3, used: 0, closesAt: now + 60_000 });
    }
  }

  // ---- the platform API ------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const path = u.pathname.replace(/^\/+/, '');
    this.calls.set(path, (this.calls.get(path) ?? 0) + 1);
    const q = Object.fromEntries(u.searchParams);
    if (await simPage(this, req, res, path, q, () => readBody(req))) return;
    if (path === 'cgi-bin/token') return this.token(res, q);
    if (path.startsWith('media/file/'))
      return this.mediaFile(res, path.slice('media/file/'.length));
    const appId = this.checkToken(res, q.access_token);
    if (!appId) return;
    const body = await readBody(req);
    if (path === 'cgi-bin/message/custom/send') return this.customSend(res, appId, body);
    if (path === 'cgi-bin/media/upload') return this.upload(res, req, q.type, body);
    if (path === 'cgi-bin/media/get') return this.getMedia(res, q.media_id);
    if (path === 'cgi-bin/user/info') {
      const unionid = this.unionIds.get(this.key(appId, q.openid));
      return send(res, 200, { subscribe: 1, openid: q.openid, ...(unionid ? { unionid } : {}) });
    }
    send(res, 404, { errcode: 48001, errmsg: 'api unauthorized' });
  }

  private token(res: ServerResponse, q: Record<string, string>) {
    const app = this.apps.get(q.appid);
    if (q.grant_type !== 'client_credential')
      return send(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
    if (!app) return send(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
    if (q.secret !== app.appSecret)
      return send(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
    const token = `tok_${rand(16)}`;
    this.tokens.set(token, { appId: app.appId, expiresAt: this.now() + 7_200_000 });
    send(res, 200, { access_token: token, expires_in: 7200 });
  }

  private checkToken(res: ServerResponse, token: string | undefined): string | null {
    const t = token ? this.tokens.get(token) : undefined;
    if (!t)
      send(res, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
    else if (t.expiresAt <= this.now())
      send(res, 200, { errcode: 42001, errmsg: 'access_token expired' });
    else return t.appId;
    return null;
  }

  private customSend(res: ServerResponse, appId: string, body: Buffer) {
    if (this.failSends && this.failSends.times-- > 0)
      return send(res, 200, { errcode: this.failSends.errcode, errmsg: 'system error' });
    const m = JSON.parse(body.toString('utf8')) as Record<string, any>;
    const k = this.key(appId, String(m.touser));
    if (this.unsubscribed.has(k))
      return send(res, 200, { errcode: 43004, errmsg: 'require subscribe' });
    const w = this.windows.get(k);
    if (!w || w.closesAt <= this.now())
      return send(res, 200, { errcode: 45015, errmsg: 'response out of time limit' });
    if (w.used >= w.quota)
      return send(res, 200, { errcode: 45047, errmsg: 'out of response count limit' });
    const msg: PhoneMessage = { msgtype: m.msgtype, at: this.now() };
    if (m.msgtype === 'text') {
      if (Buffer.byteLength(String(m.text?.content ?? '')) > 2048)
        return send(res, 200, { errcode: 45002, errmsg: 'content size out of limit' });
      msg.text = String(m.text?.content ?? '');
    } else {
      const id = String(m[m.msgtype]?.media_id ?? '');
      const media = this.media.get(id);
      if (!media) return send(res, 200, { errcode: 40007, errmsg: 'invalid media_id' });
      Object.assign(msg, { mediaId: id, media });
    }
    w.used++;
    this.phones.set(k, [...this.phone(appId, String(m.touser)), msg]);
    send(res, 200, { errcode: 0, errmsg: 'ok' });
  }

  private upload(
    res: ServerResponse,
    req: IncomingMessage,
    type: string | undefined,
    body: Buffer,
  ) {
    if (!type || !['image', 'voice', 'video', 'thumb'].includes(type))
      return send(res, 200, { errcode: 40004, errmsg: 'invalid media type' });
    const part = multipartFile(String(req.headers['content-type'] ?? ''), body);
    if (!part) return send(res, 200, { errcode: 41005, errmsg: 'media data missing' });
    const mediaId = `up_${rand(8)}`;
    this.media.set(mediaId, { ...part, type });
    send(res, 200, { type, media_id: mediaId, created_at: Math.floor(this.now() / 1000) });
  }

  private async getMedia(res: ServerResponse, mediaId: string | undefined) {
    if (this.mediaGate) await this.mediaGate;
    const m = mediaId ? this.media.get(mediaId) : undefined;
    if (!m) return send(res, 200, { errcode: 40007, errmsg: 'invalid media_id' });
    if (m.type === 'video')
      return send(res, 200, { video_url: `${this.url}/media/file/${mediaId}` });
    this.mediaFile(res, mediaId!);
  }

  private mediaFile(res: ServerResponse, mediaId: string) {
    const m = this.media.get(mediaId);
    if (!m) return send(res, 404, { errcode: 40007, errmsg: 'invalid media_id' });
    res.writeHead(200, {
      'content-type': m.contentType,
      'content-disposition': `attachment; filename="${m.fileName}"`,
      'content-length': m.data.length,
    });
    res.end(m.data);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The `media` file of a multipart/form-data body. */
function multipartFile(contentType: string, body: Buffer) {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return null;
  const start = body.indexOf(`--${boundary}\r\n`);
  const headEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(`\r\n--${boundary}--`, headEnd);
  if (start < 0 || headEnd < 0 || end < 0) return null;
  const head = body.subarray(start, headEnd).toString('utf8');
  if (!/name="media"/.test(head)) return null;
  return {
    data: Buffer.from(body.subarray(headEnd + 4, end)),
    contentType: /Content-Type: ([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream',
    fileName: /filename="([^"]*)"/.exec(head)?.[1] ?? 'file',
  };
}

export async function startWechatSim(opts: SimOptions = {}): Promise<WechatSim> {
  return new WechatSim(opts).listen(opts.port ?? 0);
}
