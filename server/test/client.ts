/**
 * The one client of a running Kefu server, by base URL only (no in-process server objects): what the
 * console and the widget do over HTTP and Socket.IO. Used by testApp() (test-app.ts), the end-to-end
 * tests against spawned servers (e2e-client.ts), the benchmarks (bench/lib/clients.ts) and the CI load
 * check (scripts/ci-load.ts).
 *
 *   login            an agent's session: the session cookie and its CSRF token
 *   widgetSession    a visitor's token for an inbox (what the widget gets)
 *   api              one REST call with a session, a bearer token or neither; the body parsed as JSON
 *   openSocket       an /agent or /visitor Socket.IO socket (websocket transport, forceNew);
 *                    waitConnected / connectSocket wait for it
 *   ask, waitFor     emit with an ack; wait for an event
 */
import { io, type Socket } from 'socket.io-client';

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  accountId: string;
}
export interface RequestOpts {
  body?: unknown;
  /** An agent's session: its cookie, and its CSRF token when there is one. */
  session?: { cookie: string; csrf?: string };
  /** Sent as `authorization: Bearer …` (API tokens, visitor tokens). */
  token?: string;
  headers?: Record<string, string>;
  /** A body sent as is (instead of `body` as JSON). */
  raw?: BodyInit;
  /** Aborts the request after this long (none when unset). */
  timeoutMs?: number;
}
export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  opts: RequestOpts = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.session) {
    headers.cookie = opts.session.cookie;
    if (opts.session.csrf !== undefined) headers['x-csrf-token'] = opts.session.csrf;
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    signal: opts.timeoutMs === undefined ? undefined : AbortSignal.timeout(opts.timeoutMs),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

export async function login(baseUrl: string, email: string, password: string): Promise<Session> {
  const res = await api(baseUrl, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (res.status !== 200)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kefu_session='));
  if (!cookie) throw new Error(`login: no kefu_session cookie in ${res.headers.get('set-cookie')}`);
  return {
    cookie,
    csrf: res.body.csrfToken,
    userId: res.body.user.id,
    accountId: res.body.user.accountId,
  };
}

/** A visitor session for an inbox (POST /widget/v1/sessions): its token and contact. */
export async function widgetSession(
  baseUrl: string,
  inboxToken: string,
  headers?: Record<string, string>,
): Promise<{ token: string; contactId: string }> {
  const res = await api(baseUrl, 'POST', '/widget/v1/sessions', { body: { inboxToken }, headers });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`widget session failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.visitorToken, contactId: res.body.contact.id };
}

/**
 * Turns the bot of every inbox of the session's account on or off (the load scenarios are agents'
 * web chat: every customer message is still analysed, the bot does not answer).
 */
export async function setBotMode(
  baseUrl: string,
  session: Session,
  mode: 'on' | 'off',
): Promise<void> {
  const inboxes = await api(baseUrl, 'GET', '/api/v1/inboxes', { session });
  for (const inbox of inboxes.body.data as Array<{ id: string }>) {
    const r = await api(baseUrl, 'PATCH', `/api/v1/inboxes/${inbox.id}`, {
      session,
      body: { settings: { bot: { mode } } },
    });
    if (r.status !== 200)
      throw new Error(`inbox update failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

export interface SocketOpts {
  /** Reconnect with a short backoff (tests that restart servers); unset: one attempt only. */
  reconnect?: boolean;
  /** Socket.IO's connect timeout per attempt (default 5 s when reconnecting, else 20 s). */
  timeoutMs?: number;
}

const RECONNECT = {
  reconnection: true,
  reconnectionDelay: 100,
  reconnectionDelayMax: 400,
  randomizationFactor: 0.3,
};

/** An `/agent` (session cookie) or `/visitor` (visitor token) socket, not yet connected. */
export function openSocket(
  baseUrl: string,
  namespace: '/agent' | '/visitor',
  auth: { cookie?: string; token?: string },
  opts: SocketOpts = {},
): Socket {
  return io(baseUrl + namespace, {
    transports: ['websocket'],
    forceNew: true,
    ...(opts.reconnect ? { ...RECONNECT, timeout: 5_000 } : { reconnection: false }),
    ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
    ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  });
}

/**
 * Resolves once the socket is connected. Rejects on an auth error, on any connect error when the
 * socket does not reconnect (a reconnecting socket retries transport errors), or after `timeoutMs`
 * (no limit when unset).
 */
export function waitConnected(socket: Socket, timeoutMs?: number): Promise<Socket> {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            cleanup();
            reject(new Error('socket did not connect in time'));
          }, timeoutMs);
    const onConnect = () => {
      cleanup();
      resolve(socket);
    };
    const onError = (err: Error) => {
      if (!socket.io.reconnection() || /unauthori[sz]ed|forbidden/i.test(err.message)) {
        cleanup();
        reject(err);
      }
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
    };
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** openSocket + waitConnected; the socket is closed when it does not connect. */
export async function connectSocket(
  baseUrl: string,
  namespace: '/agent' | '/visitor',
  auth: { cookie?: string; token?: string },
  opts: SocketOpts = {},
): Promise<Socket> {
  const socket = openSocket(baseUrl, namespace, auth, opts);
  try {
    return await waitConnected(socket);
  } catch (err) {
    socket.close();
    throw err;
  }
}

/** Emits with an ack and resolves with the ack payload (rejects after `timeoutMs`). */
export function ask<T = any>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 20_000,
): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Resolves with the first event matching `predicate`, or rejects after `timeoutMs`. */
export function waitFor<T = any>(
  socket: Socket,
  event: string,
  predicate: (p: T) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const on = (p: T) => {
      if (predicate(p)) {
        clearTimeout(timer);
        socket.off(event, on);
        resolve(p);
      }
    };
    socket.on(event, on);
  });
}
