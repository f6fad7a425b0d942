/**
 * `ws_broadcast` (baseline) and `fanout` of the core bench: one message delivered to many sockets,
 * by a bare `ws` server and by Kefu (every /agent socket of the account gets every event).
 */
import { randomUUID } from 'node:crypto';
import { connectMany, connectSocketIo, connectWs, createVisitorSessions } from './clients.ts';
import { MESSAGE_TEXT } from './ingest.ts';
import { type KefuServer, startWsServer } from './proc.ts';
import { log, sig, sleep, waitFor } from './stats.ts';

/** Baseline: a bare `ws` server child broadcasts to `clients` sockets of this process. */
export async function wsBroadcast(quick: boolean, clients: number) {
  const server = await startWsServer();
  try {
    const sockets = await connectMany(clients, 100, () => connectWs(server.port));
    await waitFor(() => true, 1, 'noop');
    const count = quick ? 200 : 1000;
    let received = 0;
    let last = 0;
    for (const ws of sockets)
      ws.on('message', () => {
        received++;
        last = performance.now();
      });
    const expected = count * clients;
    const t0 = performance.now();
    const sendResult = server.request<{ ms: number }>({ cmd: 'broadcast', count, size: 200 });
    await waitFor(() => received >= expected, 120_000, 'ws broadcast deliveries', 2);
    await sendResult;
    const rate = received / ((last - t0) / 1000);
    for (const ws of sockets) ws.terminate();
    return { rate: sig(rate), deliveries: received, messages: count, clients };
  } finally {
    await server.stop();
  }
}

/** One visitor's messages delivered to `agents` /agent sockets of the demo account. */
export async function fanout(server: KefuServer, cookie: string, quick: boolean, agents: number) {
  const sockets = await connectMany(agents, 50, () =>
    connectSocketIo(server.url, '/agent', { cookie }),
  );
  const [visitorToken] = await createVisitorSessions(server.url, server.inboxToken, 1);
  const visitor = await connectSocketIo(server.url, '/visitor', { token: visitorToken });
  const messages = quick ? 100 : 400;
  let events = 0;
  let created = 0;
  let last = 0;
  let bytes = 0;
  let measuring = false;
  for (const s of sockets) {
    s.on('event', (e: { type: string }) => {
      if (!measuring) return;
      events++;
      last = performance.now();
      if (e.type === 'message.created') created++;
      if (bytes === 0 && e.type === 'message.created') bytes = Buffer.byteLength(JSON.stringify(e));
    });
  }
  const sendOne = (i: number) =>
    new Promise<void>((resolve, reject) =>
      visitor.emit(
        'message:send',
        {
          content: `${MESSAGE_TEXT} fanout ${i}`,
          clientMessageId: `f-${i}-${randomUUID().slice(0, 8)}`,
        },
        (r: { error?: { code: string } }) =>
          r?.error ? reject(new Error(r.error.code)) : resolve(),
      ),
    );
  await sendOne(-1); // opens the conversation (not measured)
  await sleep(500);
  measuring = true;
  const t0 = performance.now();
  let next = 0;
  const window = 4;
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < messages) await sendOne(next++);
    }),
  );
  await waitFor(() => created >= messages * agents, 120_000, 'fanout deliveries', 2).catch((e) =>
    log(String(e)),
  );
  const rate = events / ((last - t0) / 1000);
  visitor.close();
  for (const s of sockets) s.close();
  return {
    rate: sig(rate),
    deliveries: events,
    messages,
    agents,
    complete: created >= messages * agents,
    bytes_per_delivery: bytes,
  };
}
