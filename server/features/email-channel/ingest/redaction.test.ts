/**
 * A customer's mail passes the core's content filters like any channel's message: with the
 * redaction feature's defaults, a card number in the reply, the quoted part and the signature is
 * stored masked, and the HTML copy (which would hold the original) is dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, type EmailApp, emailApp, messagesOf } from '../test/email-app.ts';

let e: EmailApp;
beforeAll(async () => {
  e = await emailApp();
}, 60_000);
afterAll(async () => {
  await e?.app.stop();
});

const CARD = '4111 1111 1111 1111';

describe('email and redaction', () => {
  it('a card number in the reply, the quote and the signature is masked; the HTML copy is dropped', async () => {
    const body = [
      `Please refund to my card ${CARD}.`,
      '',
      'On Mon, 2 Jun 2025, Shop Support wrote:',
      `> Which card did you pay with? ${CARD}?`,
      '',
      '-- ',
      `Alice, card ${CARD}`,
      '',
    ].join('\r\n');
    const r = await deliver(e, {}, { body });
    expect(r.status).toBe('stored');
    const [m] = await messagesOf(e, r.conversationId!);
    const stored = JSON.stringify({ content: m.content, attributes: m.attributes });
    expect(stored).not.toContain(CARD);
    expect(stored).not.toContain('4111111111111111');
    expect(m.content).toContain('[REDACTED:CARD 411111******1111]');
    expect(m.attributes.email.html ?? null).toBeNull();
    const events = await e.app.services.database.db
      .selectFrom('events')
      .select('payload')
      .where('conversation_id', '=', r.conversationId!)
      .execute();
    for (const ev of events) expect(ev.payload).not.toContain(CARD);
  });

  it('a mail with nothing to mask is stored as written', async () => {
    const r = await deliver(e, {}, { body: 'Where is order 20250602-1234?\r\n' });
    const [m] = await messagesOf(e, r.conversationId!);
    expect(m.content).toBe('Where is order 20250602-1234?');
  });
});
