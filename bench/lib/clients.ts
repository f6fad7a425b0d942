/** Load-generator clients: REST login / widget sessions and Socket.IO / ws connections (127.0.0.1 only). */
import { execFileSync } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { pool } from './stats.ts';

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kefu_session='));
  if (!cookie) throw new Error('login: no kefu_session cookie');
  return cookie;
}

export async function createVisitorSession(url: string, inboxToken: string): Promise<string> {
  const res = await fetch(`${url}/widget/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inboxToken }),
  });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`widget session failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { visitorToken: string }).visitorToken;
}

export async function createVisitorSessions(
  url: string,
  inboxToken: string,
  n: number,
  concurrency = 16,
): Promise<string[]> {
  return pool(n, concurrency, () => createVisitorSession(url, inboxToken));
}

/** One real connection per call (forceNew), websocket transport only, no reconnection. */
export function connectSocketIo(
  url: string,
  namespace: '/agent' | '/visitor',
  opts: { cookie?: string; token?: string },
): Promise<Socket> {
  const socket = io(`${url}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 30_000,
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
    ...(opts.token ? { auth: { token: opts.token } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export async function connectMany<T>(
  n: number,
  concurrency: number,
  connect: (i: number) => Promise<T>,
): Promise<T[]> {
  return pool(n, concurrency, connect);
}

export function connectWs(port: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The soft open-files limit of this shell (children inherit it). */
export function openFilesLimit(): number {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? 1_000_000 : Number(out);
  } catch {
    return 1024;
  }
}

/** Turns the bot of every inbox of the owner's account on or off (the ingest scenario is agents' web chat). */
export async function setBotMode(
  url: string,
  email: string,
  password: string,
  mode: 'on' | 'off',
): Promise<void> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kefu_session='))!;
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const inboxes = (await (await fetch(`${url}/api/v1/inboxes`, { headers })).json()) as {
    data: Array<{ id: string }>;
  };
  for (const inbox of inboxes.data) {
    const r = await fetch(`${url}/api/v1/inboxes/${inbox.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ settings: { bot: { mode } } }),
    });
    if (r.status !== 200) throw new Error(`inbox update failed: ${r.status} ${await r.text()}`);
  }
}
