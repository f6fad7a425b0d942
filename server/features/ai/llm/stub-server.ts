/**
 * Test double of an OpenAI-compatible provider on 127.0.0.1 (node:http): speaks
 * /v1/chat/completions (JSON and SSE) and /v1/embeddings, and misbehaves on demand
 * (429 with Retry-After, 500, hangs past the client's timeout, malformed JSON, broken streams).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubReply =
  | {
      kind: 'text';
      text: string;
      usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    }
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'stream'; pieces: string[]; done?: boolean };

export interface StubRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface StubServer {
  url: string;
  requests: StubRequest[];
  /** Replies used in order; when empty, `fallback` answers. */
  script: StubReply[];
  fallback: (req: StubRequest) => StubReply;
  /** Embedding of one input text (default: [length, 1, 0]). */
  embed?: (text: string) => number[];
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  reply: StubReply,
  req: StubRequest,
  embed?: (t: string) => number[],
): void {
  if (reply.kind === 'hang') return; // never answers; the client's timeout must fire
  if (reply.kind === 'status') {
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}),
    });
    res.end(JSON.stringify({ error: { message: `stub ${reply.status}` } }));
    return;
  }
  if (reply.kind === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"choices": [ {"message": ');
    return;
  }
  if (reply.kind === 'stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const p of reply.pieces)
      res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: p } }] })}\n\n`);
    if (reply.done !== false) res.write('data: [DONE]\n\n');
    res.end();
    return;
  }
  if (req.path.endsWith('/embeddings')) {
    const input: string[] = Array.isArray(req.body?.input) ? req.body.input : [req.body?.input];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data: input.map((t, index) => ({ index, embedding: embed ? embed(t) : [t.length, 1, 0] })),
        usage: { prompt_tokens: 3, total_tokens: 3 },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      choices: [{ message: { role: 'assistant', content: reply.text } }],
      usage: reply.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
  );
}

export async function startStubLlm(
  fallback: StubServer['fallback'] = () => ({ kind: 'text', text: 'ok' }),
): Promise<StubServer> {
  const stub = { requests: [] as StubRequest[], script: [] as StubReply[], fallback } as StubServer;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        /* keep null */
      }
      const r: StubRequest = { path: req.url ?? '', headers: req.headers, body };
      stub.requests.push(r);
      send(res, stub.script.shift() ?? stub.fallback(r), r, stub.embed);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}
