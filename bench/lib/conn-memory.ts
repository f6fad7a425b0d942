/**
 * `ws_rss_per_conn` (baseline) and `conn_memory` of the core bench: server memory per idle
 * connection, a bare `ws` server against Kefu's /visitor namespace.
 */
import type WebSocket from 'ws';
import { connectMany, connectSocketIo, connectWs, createVisitorSessions } from './clients.ts';
import { rssOf, startKefu, startWsServer } from './proc.ts';
import { sleep, waitFor } from './stats.ts';

/** Baseline: RSS growth of a bare `ws` server child per idle connection. */
export async function wsRss(count: number) {
  const server = await startWsServer();
  try {
    await sleep(500);
    const before = rssOf(server.pid);
    const sockets: WebSocket[] = await connectMany(count, 100, () => connectWs(server.port));
    await waitFor(() => true, 1, 'noop');
    await sleep(1500);
    const clients = await server.request<number>({ cmd: 'clients' });
    const after = rssOf(server.pid);
    for (const ws of sockets) ws.terminate();
    return { perConn: Math.round((after - before) / clients), before, after, clients };
  } finally {
    await server.stop();
  }
}

/** RSS growth of a fresh Kefu server per idle /visitor Socket.IO connection (GC before each reading). */
export async function connMemory(count: number) {
  const server = await startKefu({}, 60_000, { inspect: true });
  try {
    const tokens = await createVisitorSessions(server.url, server.inboxToken, count, 16);
    // Garbage from start-up and session creation is collected before both readings: otherwise a GC
    // during the connects can shrink RSS by more than the sockets add (a negative "per connection").
    await sleep(2000);
    await server.gc();
    const before = rssOf(server.pid);
    const sockets = await connectMany(count, 64, (i) =>
      connectSocketIo(server.url, '/visitor', { token: tokens[i] }),
    );
    await sleep(3000);
    await server.gc();
    const after = rssOf(server.pid);
    for (const s of sockets) s.close();
    return {
      perConn: Math.round((after - before) / sockets.length),
      before,
      after,
      clients: sockets.length,
    };
  } finally {
    await server.stop();
  }
}
