/**
 * End-to-end tests against spawned servers (server/reliability): the shared client (client.ts) with
 * reconnecting sockets (servers restart under them), in the call shapes those tests use.
 */
import type { Socket } from 'socket.io-client';
import {
  type ApiResponse,
  api,
  openSocket,
  type Session,
  waitConnected as connected,
  widgetSession,
} from './client.ts';

export { login } from './client.ts';
export type HttpResult = ApiResponse;
export type AgentSession = Session;

/** One REST call; `cookie` / `csrf` / `bearer` as given, aborted after `timeoutMs` (10 s). */
export function http(
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
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  return api(baseUrl, method, path, {
    body: opts.body,
    headers,
    token: opts.bearer,
    timeoutMs: opts.timeoutMs ?? 10_000,
  });
}

export async function createVisitor(
  baseUrl: string,
  inboxToken: string,
): Promise<{ visitorToken: string; contactId: string }> {
  const v = await widgetSession(baseUrl, inboxToken);
  return { visitorToken: v.token, contactId: v.contactId };
}

/** A reconnecting `/agent` socket (not yet connected: see waitConnected). */
export function agentSocket(baseUrl: string, session: AgentSession): Socket {
  return openSocket(baseUrl, '/agent', { cookie: session.cookie }, { reconnect: true });
}

/** A reconnecting `/visitor` socket (not yet connected: see waitConnected). */
export function visitorSocket(baseUrl: string, visitorToken: string): Socket {
  return openSocket(baseUrl, '/visitor', { token: visitorToken }, { reconnect: true });
}

/** Resolves once connected; auth errors are final, transport errors are retried by the client. */
export async function waitConnected(socket: Socket, timeoutMs = 10_000): Promise<void> {
  await connected(socket, timeoutMs);
}
