/**
 * The platform API (base URL from WECHAT_API_BASE, so the simulator can stand in), through the SSRF
 * guard. Every call carries the inbox's access token (api/token.ts); a call answered 40001, 40014
 * or 42001 (stale, invalid or expired token) refreshes the token and is made once more.
 */
import { guardedFetch } from '../../../core/infra/outbound.ts';
import type { Services } from '../../../core/services.ts';
import type { WechatInbox } from '../store/inbox.ts';
import { multipart } from './multipart.ts';
import { TokenCache } from './token.ts';

/** The platform refused (errcode) or could not be reached (errcode -2: network, timeout, bad answer). */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`wechat api ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
  /** Worth trying again later: system busy, network trouble, server errors. */
  get transient(): boolean {
    return this.errcode === -1 || this.errcode === -2 || this.errcode === 45009;
  }
}

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
const TIMEOUT_MS = 15_000;

export interface MediaFile {
  data: Buffer;
  fileName: string;
  contentType: string;
}

export class WechatApi {
  readonly tokens: TokenCache;
  private readonly fetch: typeof fetch;
  private readonly base: string;

  constructor(services: Pick<Services, 'config' | 'kv' | 'secret' | 'clock'>) {
    this.base = services.config.WECHAT_API_BASE.replace(/\/+$/, '');
    this.fetch = guardedFetch(services.config.allowPrivateOutbound);
    this.tokens = new TokenCache(services, (inbox) => this.fetchToken(inbox));
  }

  private url(path: string, query: Record<string, string>): string {
    return `${this.base}/${path}?${new URLSearchParams(query)}`;
  }

  private async request(url: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new WechatApiError(-2, err instanceof Error ? err.message : String(err));
    }
  }

  private async json(res: Response): Promise<Record<string, unknown>> {
    if (res.status >= 500) throw new WechatApiError(-2, `http ${res.status}`);
    try {
      return (await res.json()) as Record<string, unknown>;
    } catch {
      throw new WechatApiError(-2, `http ${res.status}: not JSON`);
    }
  }

  private async fetchToken(inbox: WechatInbox): Promise<{ token: string; expiresIn: number }> {
    const res = await this.request(
      this.url('cgi-bin/token', {
        grant_type: 'client_credential',
        appid: inbox.appId,
        secret: inbox.appSecret,
      }),
    );
    const body = await this.json(res);
    throwIfError(body);
    if (typeof body.access_token !== 'string') throw new WechatApiError(-2, 'no access_token');
    return { token: body.access_token, expiresIn: Number(body.expires_in) || 7200 };
  }

  /** Runs `call` with a token; on a token error refreshes it and runs once more. */
  private async withToken<T>(inbox: WechatInbox, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get(inbox);
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof WechatApiError) || !TOKEN_ERRORS.has(err.errcode)) throw err;
      return call(await this.tokens.refresh(inbox, token));
    }
  }

  private postJson(inbox: WechatInbox, path: string, payload: unknown) {
    return this.withToken(inbox, async (token) => {
      const res = await this.request(this.url(path, { access_token: token }), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      const body = await this.json(res);
      throwIfError(body);
      return body;
    });
  }

  /** `message/custom/send`: one customer-service message (text, image, voice, video, …). */
  sendCustom(inbox: WechatInbox, message: Record<string, unknown>): Promise<unknown> {
    return this.postJson(inbox, 'cgi-bin/message/custom/send', message);
  }

  /** `media/upload`: a temporary media id for image, voice, video or thumb. */
  uploadMedia(inbox: WechatInbox, type: string, file: MediaFile): Promise<string> {
    return this.withToken(inbox, async (token) => {
      const form = multipart('media', file);
      const res = await this.request(
        this.url('cgi-bin/media/upload', { access_token: token, type }),
        {
          method: 'POST',
          headers: { 'content-type': form.contentType },
          body: new Uint8Array(form.body),
        },
      );
      const body = await this.json(res);
      throwIfError(body);
      if (typeof body.media_id !== 'string') throw new WechatApiError(-2, 'no media_id');
      return body.media_id;
    });
  }

  /** `media/get`: a temporary media file (video answers a `video_url`, fetched in turn). */
  getMedia(inbox: WechatInbox, mediaId: string, maxBytes: number): Promise<MediaFile> {
    return this.withToken(inbox, async (token) => {
      const res = await this.request(
        this.url('cgi-bin/media/get', { access_token: token, media_id: mediaId }),
      );
      const type = res.headers.get('content-type') ?? '';
      if (/json|text\/plain/.test(type)) {
        const body = await this.json(res);
        throwIfError(body);
        if (typeof body.video_url !== 'string') throw new WechatApiError(-2, 'no media');
        return this.download(await this.request(body.video_url), mediaId, maxBytes);
      }
      return this.download(res, mediaId, maxBytes);
    });
  }

  private async download(res: Response, mediaId: string, maxBytes: number): Promise<MediaFile> {
    if (res.status !== 200) throw new WechatApiError(-2, `http ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new WechatApiError(-3, 'media too large');
    const data = Buffer.from(await res.arrayBuffer());
    if (data.length > maxBytes) throw new WechatApiError(-3, 'media too large');
    const disposition = res.headers.get('content-disposition') ?? '';
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? mediaId;
    return {
      data,
      fileName: name.slice(0, 200),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  /** `user/info`: the follower's UnionID when the account is bound to an Open Platform account. */
  async userInfo(inbox: WechatInbox, openId: string): Promise<{ unionId: string | null }> {
    const body = await this.withToken(inbox, async (token) => {
      const res = await this.request(
        this.url('cgi-bin/user/info', { access_token: token, openid: openId, lang: 'zh_CN' }),
      );
      const b = await this.json(res);
      throwIfError(b);
      return b;
    });
    const unionId = typeof body.unionid === 'string' && body.unionid ? body.unionid : null;
    return { unionId };
  }
}

function throwIfError(body: Record<string, unknown>): void {
  const code = Number(body.errcode ?? 0);
  if (code !== 0) throw new WechatApiError(code, String(body.errmsg ?? ''));
}
