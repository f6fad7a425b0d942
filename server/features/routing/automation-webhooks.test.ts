/** Automation webhook actions through the real server: signing, private-address blocking, config. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { testApp, type Session, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { sign } from './rules/webhook.ts';
import { auditOfRule, automationApp } from './test/automation.ts';
import { customer, eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, sup: Session;

beforeAll(async () => {
  ({ t, acct, owner, sup } = await automationApp());
});
afterAll(async () => {
  await t.stop();
});

const auditOf = (ruleId: string) => auditOfRule(t, sup, ruleId);

describe('automation rules: webhooks', () => {
  it('webhooks are signed, and private addresses are blocked unless allowed', async () => {
    const received: Array<{ body: string; sig: string; ts: string }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({
          body,
          sig: String(req.headers['x-kefu-signature']),
          ts: String(req.headers['x-kefu-timestamp']),
        });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const rule = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'hook',
        event: 'message_received',
        conditions: { all: [{ field: 'message.content', op: 'contains', value: 'webhook' }] },
        actions: [
          { type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret-123' },
        ],
      },
    });
    await customer(t, acct.inboxToken, 'webhook please');
    const blocked = await eventually(
      () => auditOf(rule.body.id),
      (a) => a[0]?.detail?.webhooks,
    );
    expect(blocked[0].detail.webhooks[0]).toMatchObject({ ok: false, error: 'blocked_address' });
    expect(received).toHaveLength(0);

    // WEBHOOK_ALLOW_PRIVATE=true (config) lets a node reach the loopback peer
    const t2 = await testApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    try {
      expect(t2.services.config.WEBHOOK_ALLOW_PRIVATE).toBe(true);
      const acct2 = await t2.seedAccount();
      const owner2 = await t2.login(acct2.users.owner.email, 'password-123');
      const rule2 = await t2.api('POST', '/api/v1/automation/rules', {
        session: owner2,
        body: {
          name: 'hook',
          event: 'message_received',
          conditions: { all: [{ field: 'message.content', op: 'contains', value: 'webhook' }] },
          actions: [
            { type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret-123' },
          ],
        },
      });
      await customer(t2, acct2.inboxToken, 'webhook again');
      await eventually(
        async () => received.length,
        (n) => n === 1,
      );
      expect(received[0].sig).toBe(
        `sha256=${sign('hook-secret-123', received[0].body, Number(received[0].ts))}`,
      );
      expect(JSON.parse(received[0].body)).toMatchObject({
        ruleId: rule2.body.id,
        event: { type: 'message.created' },
      });
      const audit2 = await eventually(
        async () =>
          (
            await t2.api('GET', `/api/v1/automation/audit?ruleId=${rule2.body.id}`, {
              session: owner2,
            })
          ).body.data,
        (a: any[]) => a[0]?.detail?.webhooks,
      );
      expect(audit2[0].detail.webhooks[0]).toMatchObject({ ok: true, status: 200, error: null });
    } finally {
      await t2.stop();
      server.close();
      await t.api('DELETE', `/api/v1/automation/rules/${rule.body.id}`, { session: owner });
    }
  });

  it('WEBHOOK_ALLOW_PRIVATE is read by the config module: false by default, validated', () => {
    expect(loadConfig({}).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '0' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(ConfigError);
  });
});
