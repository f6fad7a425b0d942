/** The mail parser's worker thread (ingest/parse-pool.ts): parses what it is sent, answers by id. */
import { parentPort } from 'node:worker_threads';
import { parseMail } from './parse.ts';

parentPort!.on('message', async (msg: { id: number; raw: Uint8Array }) => {
  try {
    const raw = Buffer.from(msg.raw.buffer, msg.raw.byteOffset, msg.raw.byteLength);
    parentPort!.postMessage({ id: msg.id, mail: await parseMail(raw) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error)?.message ?? String(err) });
  }
});
parentPort!.postMessage({ ready: true });
