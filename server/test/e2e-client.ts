/** Small HTTP / Socket.IO client helpers for end-to-end tests against spawned servers. */
import { io, type Socket } from 'socket.io-client';

export interface HttpResult {
  status: number;
  body: any;
  headers: Headers;
}

export async function http(
  baseUrl: string,
  method: string,
  path: string,
  opts: {
    body?: unknown;
    cookie?: string;
    csrf?: string;
    bearer?: string;
    timeoutMs?: number;
  } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

export interface AgentSession {
  cookie: string;
  csrf: string;
  userId: string;
  accountId: string;
}

export async function login(
  baseUrl: string,
  email: string,
  password: string,
): Promise<AgentSession> {
  const r = await http(baseUrl, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  const setCookie = r.headers.get('set-cookie') ?? '';
  const m = /kefu_session=([^;]+)/.exec(setCookie);
  if (!m) throw new Error(`no session cookie in ${setCookie}`);
  return {
    cookie: `kefu_session=${m[1]}`,
    csrf: r.body.csrfToken,
    userId: r.body.user.id,
    accountId: r.body.account.id,
  };
}

export async function createVisitor(
  baseUrl: string,
  inboxToken: string,
): Promise<{ visitorToken: string; contactId: string }> {
  const r = await http(baseUrl, 'POST', '/widget/v1/sessions', { body: { inboxToken } });
  if (r.status !== 200)
    throw new Error(`widget session failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { visitorToken: r.body.visitorToken, contactId: r.body.contact.id };
}

const RECONNECT = {
  reconnection: true,
  reconnectionDelay: 100,
  reconnectionDelayMax: 400,
  randomizationFactor: 0.3,
  timeout: 5_000,
};

export function agentSocket(baseUrl: string, session: AgentSession): Socket {
  return io(`${baseUrl}/agent`, {
    extraHeaders: { cookie: session.cookie },
    transports: ['websocket'],
    forceNew: true,
    ...RECONNECT,
  });
}

export function visitorSocket(baseUrl: string, visitorToken: string): Socket {
  return io(`${baseUrl}/visitor`, {
    auth: { token: visitorToken },
    transports: ['websocket'],
    forceNew: true,
    ...RECONNECT,
  });
}

export function waitConnected(socket: Socket, timeoutMs = 10_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      cleanup();
      reject(new Error('socket did not connect in time'));
    }, timeoutMs);
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      // Auth errors are final; transport errors are retried by the client.
      if (/unauthori[sz]ed|forbidden/i.test(err.message)) {
        cleanup();
        reject(err);
      }
    };
    const cleanup = () => {
      clearTimeout(t);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
    };
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** emit with ack and a timeout; resolves `{ timeout: true }` instead of throwing. */
export async function emitAck<T = any>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 3_000,
): Promise<T | { timeout: true }> {
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch {
    return { timeout: true };
  }
}
