/**
 * The LLM provider's base URL goes through the core's SSRF guard (core/infra/outbound.ts): with the
 * default configuration, loopback and the other internal addresses are refused when the provider is
 * saved (literal IPs) and at every request (names, IPv6 spellings), and redirects are not followed.
 * The provider is a real HTTP server on loopback that counts what reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../../core/infra/outbound.ts';
import { type Session, type TestApp, testApp } from '../../../test/test-app.ts';
import { createLlmClient } from './client.ts';
import { resetBreakers } from './service.ts';

let app: TestApp;
let owner: Session;
let agent: Session;
let peer: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  peer = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/hop/')) {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/v1/chat/completions` });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ choices: [{ message: { content: 'leaked' } }] }));
  });
  await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
  port = (peer.address() as AddressInfo).port;
  app = await testApp(); // the guard is on by default
  const acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await app.stop();
  await new Promise((r) => peer.close(r));
});

const save = (baseUrl: string) =>
  app.api('PUT', '/api/v1/ai/provider', {
    session: owner,
    body: { baseUrl, model: 'm', apiKey: 'sk-ssrf', timeoutMs: 1_000 },
  });

describe('SSRF guard on the LLM provider', () => {
  it.each([
    'http://127.0.0.1:PORT/v1',
    'http://[::1]:PORT/v1',
    'http://[::127.0.0.1]:PORT/v1',
    'http://[::ffff:7f00:1]:PORT/v1',
    'http://169.254.169.254/latest',
    'http://10.0.0.5:PORT',
    'http://2130706433:PORT/v1', // 127.0.0.1 as one decimal number
    'http://0x7f.0.0.1:PORT/v1', // hex
    'http://0177.0.0.1:PORT/v1', // octal
  ])('refuses to save %s', async (url) => {
    const r = await save(url.replace('PORT', String(port)));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(hits).toEqual([]);
  });

  it('a name that resolves to loopback is refused at request time: 503 with reason, nothing sent', async () => {
    expect((await save(`http://localhost:${port}/v1`)).status).toBe(200);
    resetBreakers();
    const r = await app.api('POST', '/api/v1/ai/rewrite', {
      session: agent,
      body: { text: 'hello', tone: 'friendly' },
    });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({
      code: 'llm_unavailable',
      details: { reason: 'blocked_address' },
    });
    expect(hits).toEqual([]);
  });

  it('a redirect is not followed (even where private addresses are allowed)', async () => {
    const c = createLlmClient(
      { baseUrl: `http://127.0.0.1:${port}/hop`, model: 'm', maxRetries: 0, timeoutMs: 2_000 },
      { allowPrivate: true },
    );
    await expect(c.chat([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({
      code: 'http_error',
      status: 302,
    });
    expect(hits).toEqual(['/hop/v1/chat/completions']);
    hits.length = 0;
  });

  it('the guarded client refuses loopback, IPv4-compatible IPv6 and this host’s own addresses', async () => {
    for (const baseUrl of [
      `http://127.0.0.1:${port}`,
      `http://[::127.0.0.1]:${port}`,
      `http://localhost:${port}`,
    ]) {
      const c = createLlmClient({ baseUrl, model: 'm', maxRetries: 0, timeoutMs: 2_000 }, {});
      await expect(c.chat([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({
        code: 'blocked_address',
      });
    }
    expect(hits).toEqual([]);
    expect(isPrivateAddress('::127.0.0.1')).toBe(true);
    expect(isPrivateAddress('::7f00:1')).toBe(true);
    expect(isPrivateAddress('2002:7f00:1::1')).toBe(true);
    expect(isPrivateAddress('::ffff:8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2606:4700:4700::1111')).toBe(false);
  });
});
