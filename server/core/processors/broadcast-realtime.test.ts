import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { until } from '../../test/wait.ts';

let app: TestApp;
let acct: SeededAccount;
beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
});
afterAll(async () => {
  await app.stop();
});

describe('broadcast never waits for routing', () => {
  it("a new conversation's first message reaches the agent while routing for it is still held", async () => {
    const routing = app.services.dispatcher.processor('routing-queue')!;
    const original = routing.handle.bind(routing);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const routed: string[] = [];
    routing.handle = async (event, meta) => {
      await gate;
      routed.push(event.type);
      await original(event, meta);
    };
    try {
      const session = await app.login(acct.users.agent.email, acct.users.agent.password);
      const socket = await app.agentSocket(session);
      const received = new Promise<any>((resolve) => {
        socket.on('event', (e: any) => {
          if (e.type === 'message.created') resolve(e);
        });
      });
      const v = await app.visitor(acct.inboxToken);
      const sent = await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: '第一条消息 first message', clientMessageId: 'first-1' },
      });
      expect(sent.status).toBe(201);
      const event = await received; // delivered while the routing lane is held
      expect(event.payload.message.content).toBe('第一条消息 first message');
      expect(routed).toEqual([]);
      release();
      await until(() => routed.includes('conversation.created'), Boolean, {
        what: 'routing to run once released',
      });
    } finally {
      release();
      routing.handle = original;
    }
  });
});
