/** Pure rules of outgoing mail: threading headers, subjects, the reply token, the quoted history. */
import { describe, expect, it } from 'vitest';
import {
  bracket,
  messageIdFor,
  REFERENCES_CAP,
  referencesOf,
  replySubject,
  threadHeaders,
} from './headers.ts';
import { quoteDate, quoteText, replyBodies } from './quote.ts';
import { parseReplyToken, replyAddress, replyToken, tokenOfAddress } from './reply-token.ts';

describe('Message-ID and threading headers', () => {
  it('gives a message one stable RFC 5322 id with angle brackets, in the sending domain', () => {
    const id = messageIdFor('0190A8B2-0000-7000-8000-000000000001', 'Support@Shop.Example');
    expect(id).toBe('<kefu-0190a8b2-0000-7000-8000-000000000001@shop.example>');
    expect(messageIdFor('0190A8B2-0000-7000-8000-000000000001', 'support@shop.example')).toBe(id);
    expect(bracket('a@b')).toBe('<a@b>');
    expect(bracket('<<a@b>>')).toBe('<a@b>');
  });

  it('answers the customer’s last mail, with it last in References', () => {
    const h = threadHeaders({
      chain: ['c1@x', 'k1@shop', 'c2@x', 'k2@shop'],
      customerLast: 'c2@x',
    });
    expect(h.inReplyTo).toBe('<c2@x>');
    expect(h.references).toEqual(['<c1@x>', '<k1@shop>', '<k2@shop>', '<c2@x>']);
  });

  it('without a customer mail (a conversation an agent started) it answers the newest mail', () => {
    expect(threadHeaders({ chain: ['k1@shop'], customerLast: null })).toEqual({
      inReplyTo: '<k1@shop>',
      references: ['<k1@shop>'],
    });
    expect(threadHeaders({ chain: [], customerLast: null })).toEqual({
      inReplyTo: null,
      references: [],
    });
  });

  it('caps References at the first id and the newest ones', () => {
    const chain = Array.from({ length: 60 }, (_, i) => `m${i}@x`);
    const refs = referencesOf(chain);
    expect(refs).toHaveLength(REFERENCES_CAP);
    expect(refs[0]).toBe('<m0@x>');
    expect(refs.at(-1)).toBe('<m59@x>');
    expect(refs[1]).toBe(`<m${60 - (REFERENCES_CAP - 1)}@x>`);
    expect(referencesOf(['a@x', 'a@x', 'b@x'])).toEqual(['<a@x>', '<b@x>']);
  });
});

describe('subject', () => {
  it.each([
    ['Order 1234', 'Re: Order 1234'],
    ['Re: Order 1234', 'Re: Order 1234'],
    ['RE: re: Order 1234', 'Re: Order 1234'],
    ['Re[2]: Order 1234', 'Re: Order 1234'],
    ['AW: Bestellung', 'Re: Bestellung'],
    ['回复：订单问题', 'Re: 订单问题'],
    ['答复: 回复: 订单', 'Re: 订单'],
    ['Fwd: Order', 'Re: Fwd: Order'],
    ['Order\r\n 1234', 'Re: Order 1234'],
  ])('%s → %s', (original, expected) => {
    expect(replySubject(original, 'Your request #1')).toBe(expected);
  });

  it('falls back when the original had none', () => {
    expect(replySubject('', 'Your request #7')).toBe('Re: Your request #7');
    expect(replySubject('Re: ', 'Your request #7')).toBe('Re: Your request #7');
    expect(replySubject(null, '您的咨询 #7')).toBe('Re: 您的咨询 #7');
  });
});

describe('reply token', () => {
  const conversationId = '0190a8b2-1c3d-7abc-8def-0123456789ab';

  it('names the conversation and cannot be forged without the secret', () => {
    const token = replyToken('s3cret', conversationId);
    expect(token).toMatch(/^[0-9a-f]{32}-[0-9a-f]{12}$/);
    expect(parseReplyToken('s3cret', token)).toBe(conversationId);
    expect(parseReplyToken('s3cret', token.toUpperCase())).toBe(conversationId);
    expect(parseReplyToken('other', token)).toBeNull();
    const forged = `${token.slice(0, 33)}000000000000`;
    expect(parseReplyToken('s3cret', forged)).toBeNull();
    expect(parseReplyToken('s3cret', 'nonsense')).toBeNull();
  });

  it('rides in the inbox address as a plus-address', () => {
    const token = replyToken('s3cret', conversationId);
    const address = replyAddress('support@shop.example', token);
    expect(address).toBe(`support+${token}@shop.example`);
    expect(tokenOfAddress(address!)).toBe(token);
    expect(replyAddress('support+old@shop.example', token)).toBe(address);
    expect(replyAddress(`${'x'.repeat(30)}@shop.example`, token)).toBeNull(); // local part > 64
    expect(replyAddress('no-at-sign', token)).toBeNull();
  });
});

describe('quoted history', () => {
  const header = (q: { who: string; at: number }) => `On ${quoteDate(q.at)}, ${q.who} wrote:`;

  it('quotes earlier messages newest first under who wrote and when', () => {
    const at = Date.UTC(2026, 11, 5, 19, 21);
    const text = quoteText(
      [
        { who: 'Alice <alice@x>', at, text: 'Where is it?\n\nThanks' },
        { who: 'Sam', at: at - 60_000, text: 'Hello' },
      ],
      header,
    );
    expect(text).toBe(
      'On 2026-12-05 19:21 UTC, Alice <alice@x> wrote:\n> Where is it?\n>\n> Thanks\n\n' +
        'On 2026-12-05 19:20 UTC, Sam wrote:\n> Hello',
    );
  });

  it('escapes the HTML part and keeps the reply alone when there is nothing to quote', () => {
    const b = replyBodies('<b>hi</b>\nthere', [{ who: 'A & B', at: 0, text: '<x>' }], header);
    expect(b.text).toBe('<b>hi</b>\nthere\n\nOn 1970-01-01 00:00 UTC, A & B wrote:\n> <x>');
    expect(b.html).toContain('&lt;b&gt;hi&lt;/b&gt;<br>');
    expect(b.html).toContain('<blockquote type="cite"');
    expect(b.html).toContain('A &amp; B wrote:');
    expect(b.html).toContain('&lt;x&gt;');
    expect(replyBodies('only', [], header)).toEqual({ text: 'only', html: '<div>only</div>' });
  });
});
