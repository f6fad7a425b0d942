/** Regression tests for the threat-model classes of QUALITY.md that apply to the core. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../test/test-app.ts';

let app: TestApp;
let a: SeededAccount;
let b: SeededAccount;
let agentA: Session;
let agentB: Session;
let convB: string;
let contactB: string;

beforeAll(async () => {
  app = await testApp({ MAX_BODY_BYTES: '65536' });
  a = await app.seedAccount();
  b = await app.seedAccount();
  agentA = await app.login(a.users.agent.email, a.users.agent.password);
  agentB = await app.login(b.users.agent.email, b.users.agent.password);
  const v = await app.visitor(b.inboxToken);
  contactB = v.contactId;
  convB = (
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'secret of B', clientMessageId: 'b1' },
    })
  ).body.conversation.id;
});
afterAll(async () => {
  await app.stop();
});

describe('stored XSS', () => {
  it('message text and names are stored and returned verbatim as JSON text, never as HTML', async () => {
    const payloads = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '"><svg onload=alert(1)>',
    ];
    const v = await app.visitor(a.inboxToken);
    for (const [i, p] of payloads.entries()) {
      const res = await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: p, clientMessageId: `x${i}` },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body.message.content).toBe(p);
    }
    const contact = await app.api('PATCH', `/api/v1/contacts/${v.contactId}`, {
      session: agentA,
      body: { name: '<script>alert(1)</script>' },
    });
    expect(contact.body.name).toBe('<script>alert(1)</script>');
    expect(contact.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('cross-tenant access (IDOR) over REST', () => {
  const routes = () =>
    [
      ['GET', `/api/v1/conversations/${convB}`],
      ['GET', `/api/v1/conversations/${convB}/messages`],
      ['POST', `/api/v1/conversations/${convB}/messages`, { content: 'hi' }],
      ['PATCH', `/api/v1/conversations/${convB}`, { status: 'resolve' }],
      ['POST', `/api/v1/conversations/${convB}/assignment`, { assigneeId: a.users.agent.id }],
      ['PUT', `/api/v1/conversations/${convB}/labels`, { labels: ['x'] }],
      ['POST', `/api/v1/conversations/${convB}/read`, {}],
      ['GET', `/api/v1/contacts/${contactB}`],
      ['PATCH', `/api/v1/contacts/${contactB}`, { name: 'pwned' }],
    ] as Array<[string, string, unknown?]>;

  it("another account's ids answer 404 exactly like unknown ids", async () => {
    for (const [method, path, body] of routes()) {
      const res = await app.api(method, path, { session: agentA, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const unknown = await app.api(
      'GET',
      '/api/v1/conversations/01900000-0000-7000-8000-000000000000',
      { session: agentA },
    );
    expect(unknown.body).toEqual(
      (await app.api('GET', `/api/v1/conversations/${convB}`, { session: agentA })).body,
    );
    const still = await app.api('GET', `/api/v1/conversations/${convB}/messages`, {
      session: agentB,
    });
    expect(still.body.data.map((m: { content: string }) => m.content)).toEqual(['secret of B']);
  });

  it('cannot assign to an agent or merge a contact of another account', async () => {
    const v = await app.visitor(a.inboxToken);
    const cid = (
      await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: 'x', clientMessageId: 'y' },
      })
    ).body.conversation.id;
    expect(
      (
        await app.api('POST', `/api/v1/conversations/${cid}/assignment`, {
          session: agentA,
          body: { assigneeId: b.users.agent.id },
        })
      ).status,
    ).toBe(404);
    const sup = await app.login(a.users.supervisor.email, a.users.supervisor.password);
    expect(
      (
        await app.api('POST', `/api/v1/contacts/${v.contactId}/merge`, {
          session: sup,
          body: { sourceId: contactB },
        })
      ).status,
    ).toBe(404);
  });

  it("a visitor token of account B cannot read or write account A's conversations", async () => {
    const vb = await app.visitor(b.inboxToken);
    const list = await app.api('GET', '/widget/v1/messages', { token: vb.token });
    expect(list.body.data).toEqual([]);
    expect((await app.api('GET', '/api/v1/conversations', { token: vb.token })).status).toBe(401);
  });
});

describe('type juggling, mass assignment, oversize bodies', () => {
  it('ids that are not ids are unknown ids (404), in paths', async () => {
    for (const id of [
      '1',
      '%5B1%5D',
      '%7B%7D',
      'null',
      '..%2F..%2Fetc%2Fpasswd',
      `${convB}%27%20or%201=1`,
    ]) {
      expect(
        (await app.api('GET', `/api/v1/conversations/${id}`, { session: agentA })).status,
        id,
      ).toBe(404);
    }
  });

  it('ids of the wrong type in bodies are 400 with field details', async () => {
    const v = await app.visitor(a.inboxToken);
    const cid = (
      await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: 'x', clientMessageId: 'tj' },
      })
    ).body.conversation.id;
    for (const assigneeId of [1, [1], {}, true, '1']) {
      const res = await app.api('POST', `/api/v1/conversations/${cid}/assignment`, {
        session: agentA,
        body: { assigneeId },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'invalid_request',
        details: [expect.objectContaining({ path: 'body.assigneeId' })],
      });
    }
  });

  it('extra fields (mass assignment) are rejected, not silently applied', async () => {
    const res = await app.api('PATCH', '/api/v1/me', {
      session: agentA,
      body: { name: 'ok', role: 'owner', accountId: b.accountId },
    });
    expect(res.status).toBe(400);
    const me = await app.api('GET', '/api/v1/me', { session: agentA });
    expect(me.body.user.role).toBe('agent');
    const v = await app.visitor(a.inboxToken);
    const forged = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'x', clientMessageId: 'mm', senderType: 'user', conversationId: convB },
    });
    expect(forged.status).toBe(400);
  });

  it('oversize bodies get 413 and malformed JSON gets 400, with no internals in the response', async () => {
    const big = await app.api('POST', '/api/v1/labels', {
      session: agentA,
      raw: JSON.stringify({ name: 'x'.repeat(100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const bad = await app.api('POST', '/api/v1/labels', {
      session: agentA,
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    expect(JSON.stringify(bad.body)).not.toMatch(/at |node_modules|SELECT|sqlite|stack/i);
  });

  it('agents cannot perform admin actions (policy on every command)', async () => {
    expect(
      (
        await app.api('POST', '/api/v1/inboxes', {
          session: agentA,
          body: { name: 'x', channelType: 'api' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await app.api('POST', '/api/v1/users', {
          session: agentA,
          body: { email: 'n@x.dev', name: 'n', password: 'a-strong-passphrase-1' },
        })
      ).status,
    ).toBe(403);
    const admin = await app.login(a.users.supervisor.email, a.users.supervisor.password);
    expect(
      (
        await app.api('POST', '/api/v1/users', {
          session: admin,
          body: { email: 'n@x.dev', name: 'n', password: 'a-strong-passphrase-1', role: 'owner' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('operations endpoints', () => {
  it('health, readiness, metrics and the OpenAPI document', async () => {
    expect((await app.api('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await app.api('GET', '/readyz')).body.status).toBe('ready');
    const metrics = await app.api('GET', '/metrics');
    expect(metrics.body).toMatch(/kefu_messages_ingested_total\{type="incoming"\} [1-9]/);
    expect(metrics.body).toContain('kefu_http_request_duration_seconds');
    expect(metrics.body).toContain('nodejs_eventloop_lag');
    const doc = await app.api('GET', '/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(
      doc.body.paths['/api/v1/conversations'].get.parameters.map((p: { name: string }) => p.name),
    ).toContain('status');
    expect(doc.body.paths['/widget/v1/messages'].post.requestBody).toBeDefined();
  });
});
