/**
 * The README's receiver (at most 15 lines), run as it is written (extracted from README.md, in its own Node
 * process on a free port), against the requests Kefu sends: it accepts ours once per delivery id and
 * refuses a wrong secret and an old timestamp.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../test/wait.ts';
import { postWebhook } from '../delivery/send.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
let port = 0;
let output = '';
let child: ReturnType<typeof spawn>;

beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, PORT: String(port), KEFU_WEBHOOK_SECRET: 'whsec_readme' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  const probe = () =>
    postWebhook({
      ...request,
      body: '{"probe":true}',
      secrets: ['whsec_readme'],
      deliveryId: 'probe',
      now: Date.now(),
    });
  await until(probe, (r) => r.status !== null, { what: 'the README receiver to listen' });
});
afterAll(() => {
  child?.kill();
});

const body = JSON.stringify({
  id: 'd-1',
  type: 'message.created',
  contact: { externalId: 'user-42' },
  message: { content: '你好 hello' },
});
const request = {
  get url() {
    return `http://127.0.0.1:${port}/kefu/webhook`;
  },
  body,
  deliveryId: 'd-1',
  eventType: 'message.created',
  timeoutMs: 5_000,
  allowPrivate: true,
};

describe('the README receiver', () => {
  it('is at most 15 lines', () => {
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(15);
  });

  it('accepts a genuine delivery once, also during a secret rotation', async () => {
    const ok = await postWebhook({ ...request, secrets: ['whsec_readme'], now: Date.now() });
    expect(ok).toEqual({ ok: true, status: 204, error: null });
    const rotating = await postWebhook({
      ...request,
      secrets: ['whsec_next', 'whsec_readme'],
      now: Date.now(),
    });
    expect(rotating.ok).toBe(true);
    await until(
      () => output,
      (o) => o.includes('user-42'),
    );
    expect(output.match(/user-42/g)).toHaveLength(1); // the same delivery id twice: handled once
    expect(output).toContain('你好 hello');
  });

  it('refuses a wrong secret and a replayed timestamp', async () => {
    const wrong = await postWebhook({ ...request, secrets: ['whsec_other'], now: Date.now() });
    expect(wrong.status).toBe(401);
    const old = await postWebhook({
      ...request,
      secrets: ['whsec_readme'],
      now: Date.now() - 301_000,
    });
    expect(old.status).toBe(401);
  });
});
