/**
 * Load-generator clients (127.0.0.1 only): the shared client (server/test/client.ts) in the shapes the
 * benches use, many at once, and bare `ws` connections for the baselines.
 */
import { execFileSync } from 'node:child_process';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as client from '../../server/test/client.ts';
import { pool } from './stats.ts';

/** An agent's session cookie (login, client.ts). */
export async function login(url: string, email: string, password: string): Promise<string> {
  return (await client.login(url, email, password)).cookie;
}

/** A visitor token for the inbox (client.ts). */
export async function createVisitorSession(url: string, inboxToken: string): Promise<string> {
  return (await client.widgetSession(url, inboxToken)).token;
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
  return client.connectSocket(url, namespace, opts, { timeoutMs: 30_000 });
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
  await client.setBotMode(url, await client.login(url, email, password), mode);
}
