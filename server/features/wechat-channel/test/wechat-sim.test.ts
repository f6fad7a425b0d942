/**
 * The simulator as the platform: a callback not answered within the client timeout is posted
 * again (3 attempts in all), a refusal is not, and what it signs verifies with the channel's own
 * checks. The slow server here holds its first request until the second arrives (a latch, no sleep).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesKeyOf } from '../domain/crypto.ts';
import { openCallback } from '../domain/verify.ts';
import { latch } from '../../../test/wait.ts';
import { postCallback, type SimApp, signedCallback } from './sim-callback.ts';

let server: Server;
let url = '';
let behaviour: (n: number) => Promise<[number, string]>;
let seen = 0;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    req.resume();
    const [status, body] = await behaviour(++seen);
    if (!res.destroyed) res.writeHead(status).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const app = (mode: SimApp['mode']): SimApp => ({
  appId: 'wx0123456789abcdef',
  appSecret: 's',
  token: 'tok123',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  mode,
  callbackUrl: url,
});

describe('the simulator posting callbacks', () => {
  it('retries after the client timeout, and stops at the first success', async () => {
    seen = 0;
    const second = latch();
    behaviour = async (n) => {
      if (n === 1)
        await second.gate; // the first request hangs past the timeout
      else second.release();
      return [200, 'success'];
    };
    const r = await postCallback(
      app('secure'),
      { FromUserName: 'o1', MsgType: 'text' },
      { timeoutMs: 1_000 },
    );
    expect(r.accepted).toBe(true);
    expect(r.attempts[0].status).toBeNull(); // timed out
    expect(r.attempts.at(-1)?.status).toBe(200); // (a loaded machine may time out the second too)
    expect(r.attempts[0].error).toMatch(/Timeout|Abort/);
  });

  it('three attempts in all when nothing answers success', async () => {
    seen = 0;
    behaviour = async () => [500, 'no'];
    const r = await postCallback(app('plaintext'), { FromUserName: 'o1', MsgType: 'text' });
    expect(r.accepted).toBe(false);
    expect(r.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
  });

  it("signs and encrypts so the channel's checks open it, in every mode", () => {
    for (const mode of ['plaintext', 'compatible', 'secure'] as const) {
      const a = app(mode);
      const now = Date.now();
      const { query, body } = signedCallback(
        a,
        { FromUserName: 'o1', Content: '你好' },
        Math.floor(now / 1000),
      );
      const q = Object.fromEntries(new URLSearchParams(query));
      const opened = openCallback(
        { appId: a.appId, token: a.token, aesKey: aesKeyOf(a.encodingAesKey!), mode },
        q,
        body,
        now,
      );
      expect(opened.doc).toEqual({ FromUserName: 'o1', Content: '你好' });
    }
  });
});
