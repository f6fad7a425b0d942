/** Test helpers for the routing feature. */
import type { TestApp, Session } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';

/** Polls `fn` until `ok(value)` holds (server/test/wait.ts `until`, with this folder's defaults). */
export function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean = (v) => !!v,
  timeoutMs = 30_000,
): Promise<T> {
  return until(fn, ok, { timeoutMs, pollMs: 25 });
}

/** A visitor who writes one message; returns their token and conversation id. */
export async function customer(t: TestApp, inboxToken: string, text = 'hello') {
  const v = await t.visitor(inboxToken);
  const r = await t.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: text, clientMessageId: `m-${Math.random().toString(36).slice(2)}` },
  });
  if (r.status !== 201) throw new Error(`send failed ${r.status} ${JSON.stringify(r.body)}`);
  return { ...v, conversationId: r.body.conversation.id as string };
}

export async function online(
  t: TestApp,
  s: Session,
  availability: 'online' | 'away' | 'offline' = 'online',
) {
  const r = await t.api('PATCH', '/api/v1/me', { session: s, body: { availability } });
  if (r.status !== 200) throw new Error(`availability failed ${r.status}`);
}

export async function assigneeOf(
  t: TestApp,
  s: Session,
  conversationId: string,
): Promise<string | null> {
  return (await t.api('GET', `/api/v1/conversations/${conversationId}`, { session: s })).body
    .assigneeId;
}

export async function queuePosition(t: TestApp, visitorToken: string) {
  return (await t.api('GET', '/widget/v1/queue', { token: visitorToken })).body;
}
