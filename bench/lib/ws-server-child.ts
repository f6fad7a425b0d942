/**
 * Bare `ws` server used for the raw baselines (run as a child process by bench/lib/proc.ts).
 * IPC commands: {cmd:'clients'} → count, {cmd:'rss'} → bytes, {cmd:'broadcast', count, size} →
 * sends `count` messages of `size` bytes to every client (backpressure-aware), replies when written.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2]);
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  clientTracking: true,
});
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function broadcast(count: number, size: number): Promise<{ ms: number; clients: number }> {
  const clients = [...wss.clients] as WebSocket[];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const payload = Buffer.alloc(size, 0x61);
    payload.write(`${i}:`, 0);
    for (const c of clients) c.send(payload);
    // Bounded buffering, like a real server must: wait while any socket has > 256 KB queued.
    if (i % 8 === 7) {
      await new Promise<void>((r) => setImmediate(r));
      for (
        let spins = 0;
        spins < 10_000 && clients.some((c) => c.bufferedAmount > 256 * 1024);
        spins++
      )
        await sleep(1);
    }
  }
  return { ms: performance.now() - t0, clients: clients.length };
}

process.on('message', async (m: { id: number; cmd: string; count?: number; size?: number }) => {
  let result: unknown = null;
  if (m.cmd === 'clients') result = wss.clients.size;
  else if (m.cmd === 'rss') result = process.memoryUsage().rss;
  else if (m.cmd === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    result = process.memoryUsage().rss;
  } else if (m.cmd === 'broadcast') result = await broadcast(m.count ?? 1, m.size ?? 200);
  process.send!({ id: m.id, result });
});
process.on('SIGTERM', () => {
  for (const c of wss.clients) c.terminate();
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
process.on('disconnect', () => process.exit(0));
wss.on('listening', () => process.send!({ ready: true }));
