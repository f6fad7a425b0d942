/**
 * Webhook signing secrets are write-only: rules (supervisors read them) and macros (agents read them)
 * never return a secret; a change that leaves the secret out keeps the stored one for that URL, and
 * the webhook still signs with it; a new webhook without a secret is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../../test/test-app.ts';
import { toRule } from './rules/engine.ts';
import { automationApp } from './test/automation.ts';

let t: TestApp;
let owner: Session, sup: Session, a1: Session;
const SECRET = 'very-secret-signing-key';
const hook = { type: 'webhook', url: 'https://hooks.example.com/kefu' };

beforeAll(async () => {
  ({ t, owner, sup, a1 } = await automationApp());
});
afterAll(async () => {
  await t.stop();
});

describe('write-only webhook secrets', () => {
  it('rules: never returned, kept on a change without it, required for a new webhook', async () => {
    const created = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'notify crm',
        event: 'conversation_created',
        actions: [{ ...hook, secret: SECRET }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    expect(created.body.actions[0]).toEqual({ ...hook, secretSet: true });
    const list = await t.api('GET', '/api/v1/automation/rules', { session: sup });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);

    // the client sends back what it was shown (no secret): the stored one stays
    const patched = await t.api('PATCH', `/api/v1/automation/rules/${created.body.id}`, {
      session: owner,
      body: { actions: [hook, { type: 'add_label', label: 'crm' }] },
    });
    expect(patched.status).toBe(200);
    const row = await t.services.database.db
      .selectFrom('automation_rules')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(toRule(row).actions[0]).toMatchObject({ ...hook, secret: SECRET });

    const noSecret = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: { name: 'bad', event: 'conversation_created', actions: [hook] },
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.code).toBe('invalid_request');
    const otherUrl = await t.api('PATCH', `/api/v1/automation/rules/${created.body.id}`, {
      session: owner,
      body: { actions: [{ type: 'webhook', url: 'https://elsewhere.example.com/x' }] },
    });
    expect(otherUrl.status).toBe(400);
  });

  it('macros: agents read them without the secret', async () => {
    const m = await t.api('POST', '/api/v1/macros', {
      session: owner,
      body: { name: 'escalate', actions: [{ ...hook, secret: SECRET }] },
    });
    expect(m.status).toBe(201);
    expect(JSON.stringify(m.body)).not.toContain(SECRET);
    const seen = await t.api('GET', '/api/v1/macros', { session: a1 });
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain(SECRET);
    expect(seen.body.data[0].actions[0]).toEqual({ ...hook, secretSet: true });
  });
});
