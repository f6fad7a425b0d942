/** Subjects, addresses, forwards, reply splitting, HTML sanitising, the auth verdict, settings. */
import { describe, expect, it } from 'vitest';
import { isOwnAddress, isNotifierAddress, normalizeAddress, splitPlus } from './addresses.ts';
import { authVerdict } from './auth-verdict.ts';
import { dedupeKey } from './dedupe.ts';
import { forwardedOriginal } from './forward.ts';
import { splitReply } from './reply-split.ts';
import { referencedCids, sanitizeMailHtml } from './sanitize.ts';
import { emailSettingsOf, inboxAddresses } from './settings.ts';
import { isForwardSubject, isReplySubject, normalizeSubject, sameTopic } from './subject.ts';

describe('subjects', () => {
  it.each([
    ['Re: Order late', 'order late'],
    ['RE: Fwd: [Ticket #12] Order  late', 'order late'],
    ['AW: WG: Bestellung', 'bestellung'],
    ['回复：订单问题', '订单问题'],
    ['转发: 订单问题', '订单问题'],
    ['Re[2]: Hello', 'hello'],
    ['', ''],
  ])('%s → %s', (s, n) => expect(normalizeSubject(s)).toBe(n));

  it('recognises forwards and replies; same topic ignores prefixes', () => {
    expect(isForwardSubject('Fwd: x')).toBe(true);
    expect(isForwardSubject('FW: x')).toBe(true);
    expect(isForwardSubject('转发：x')).toBe(true);
    expect(isForwardSubject('Re: x')).toBe(false);
    expect(isReplySubject('Re: x')).toBe(true);
    expect(sameTopic('Re: Order late', 'order late')).toBe(true);
    expect(sameTopic('Printer', 'Order late')).toBe(false);
    expect(sameTopic('', 'Order late')).toBe(true);
  });
});

describe('addresses', () => {
  it('normalises, splits plus-addresses and knows our own', () => {
    expect(normalizeAddress(' <Alice@Example.COM> ')).toBe('alice@example.com');
    expect(normalizeAddress('no at sign')).toBe('');
    expect(splitPlus('Support+Tok-1@shop.example')).toEqual({
      base: 'support@shop.example',
      tag: 'tok-1',
    });
    expect(isOwnAddress('support+x@shop.example', ['support@shop.example'])).toBe(true);
    expect(isOwnAddress('supportx@shop.example', ['support@shop.example'])).toBe(false);
    expect(isNotifierAddress('noreply@x.example')).toBe(true);
    expect(isNotifierAddress('notifications+abc@github.example')).toBe(true);
    expect(isNotifierAddress('nora@x.example')).toBe(false);
  });
});

describe('dedupeKey', () => {
  it('uses the Message-ID, else a hash of Date+From+Subject', () => {
    expect(dedupeKey({ messageId: '<ABC@x>' })).toBe('mid:abc@x');
    const a = dedupeKey({ date: 'Mon, 2 Jun 2025', from: 'A@x', subject: 's' });
    expect(a).toMatch(/^hash:[0-9a-f]{40}$/);
    expect(dedupeKey({ date: 'Mon, 2 Jun 2025', from: 'a@x', subject: 's' })).toBe(a);
    expect(dedupeKey({ date: 'Tue, 3 Jun 2025', from: 'a@x', subject: 's' })).not.toBe(a);
  });
});

describe('splitReply', () => {
  it('Gmail: reply, signature, quote', () => {
    const s = splitReply(
      'Thanks, it works now.\n\n-- \nAlice\nACME\n\nOn Mon, Jun 2, 2025 at 10:00 AM Support <support@shop.example> wrote:\n> Please restart it.\n',
    );
    expect(s).toEqual({
      visible: 'Thanks, it works now.',
      signature: '-- \nAlice\nACME',
      quoted:
        'On Mon, Jun 2, 2025 at 10:00 AM Support <support@shop.example> wrote:\n> Please restart it.',
    });
  });

  it('Outlook header block and a mobile signature', () => {
    const s = splitReply(
      'Still broken.\n\nSent from my iPhone\n\n________________________________\nFrom: Support <support@shop.example>\nSent: Monday, June 2, 2025 10:00\nTo: Alice\nSubject: RE: x\n\nPlease restart it.',
    );
    expect(s.visible).toBe('Still broken.');
    expect(s.signature).toBe('Sent from my iPhone');
    expect(s.quoted.startsWith('________________________________\nFrom: Support')).toBe(true);
  });

  it('a bottom-posted reply is found below the quote', () => {
    expect(
      splitReply(
        'On 6/2/25 10:00, Shop wrote:\n> Your invoice.\n\nThe amount is wrong.\n\n-- \nDavid',
      ),
    ).toEqual({
      visible: 'The amount is wrong.',
      quoted: 'On 6/2/25 10:00, Shop wrote:\n> Your invoice.',
      signature: '-- \nDavid',
    });
  });

  it('Chinese quote header; an inline reply stays whole; a From: line alone is not a quote', () => {
    expect(
      splitReply('好的\n\n在 2025年6月2日 10:00，客服 <support@shop.example> 写道：\n> 请重启')
        .visible,
    ).toBe('好的');
    const inline = '> Which order?\n12345\n> And the date?\nJune 1';
    expect(splitReply(inline)).toEqual({ visible: inline, quoted: '', signature: '' });
    expect(splitReply('From: my old address\nplease update it').quoted).toBe('');
  });
});

describe('forwardedOriginal', () => {
  it.each([
    [
      '---------- Forwarded message ---------\nFrom: Alice Smith <alice@customer.example>\nDate: Mon\nSubject: Broken\nTo: me',
    ],
    [
      'Begin forwarded message:\n\nFrom: Alice Smith <alice@customer.example>\nSubject: Broken\nDate: Mon',
    ],
    [
      '-------- Forwarded Message --------\nSubject: Broken\nDate: Mon\nFrom: Alice Smith <alice@customer.example>',
    ],
    [
      '________________________________\nFrom: Alice Smith <alice@customer.example>\nSent: Monday\nSubject: Broken',
    ],
    [
      '________________________________\n发件人: Alice Smith <alice@customer.example>\n发送时间: 2025年6月2日\n主题: Broken',
    ],
  ])('finds the original sender', (text) => {
    expect(forwardedOriginal(`FYI\n\n${text}\n\nbody`)).toEqual({
      from: 'alice@customer.example',
      name: 'Alice Smith',
      subject: 'Broken',
    });
  });

  it('nothing forwarded: null', () => {
    expect(forwardedOriginal('just a mail')).toBeNull();
  });
});

describe('sanitizeMailHtml', () => {
  it('drops scripts, handlers, frames and remote loads; keeps cid images and layout', () => {
    const html = sanitizeMailHtml(
      '<p onclick="x()" style="color:red;background:url(http://t.example/p.gif)">Hi<script>alert(1)</script></p>' +
        '<img src="https://tracker.example/p.gif"><img src="cid:logo@x"><img src="javascript:alert(1)">' +
        '<iframe src="https://x.example"></iframe><a href="javascript:alert(1)">a</a><a href="https://ok.example">b</a>' +
        '<style>body{background:url(http://x)}</style><table width="100%"><tr><td bgcolor="#fff">c</td></tr></table>' +
        '<img data-kefu-remote-src="x" src="cid:a">',
    );
    expect(html).not.toMatch(/script|onclick|iframe|javascript|url\(|<style| src="https?:/i);
    expect(html).toContain('<p style="color:red">Hi</p>');
    expect(html).toContain('<img data-kefu-remote-src="https://tracker.example/p.gif" />');
    expect(html).toContain('<img src="cid:logo@x" />');
    expect(html).toContain(
      '<a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow">b</a>',
    );
    expect(html).toContain('<td bgcolor="#fff">c</td>');
    expect(html).toContain('<img src="cid:a" />');
    expect(referencedCids('<img src="cid:Logo@X"><img src=cid:b>')).toEqual(
      new Set(['logo@x', 'b']),
    );
  });
});

describe('authVerdict', () => {
  const dkim = (result: string, aligned: unknown) => ({
    results: [{ signingDomain: 'Customer.example', status: { result, aligned } }],
  });
  it('DMARC pass or an aligned DKIM pass verifies; trust the inbox otherwise', () => {
    expect(authVerdict({ dmarc: { status: { result: 'pass' } } }, false)).toMatchObject({
      verified: true,
      basis: 'dmarc_pass',
    });
    expect(authVerdict({ dkim: dkim('pass', 'customer.example') }, false)).toMatchObject({
      verified: true,
      basis: 'dkim_aligned',
      dkim: 'pass',
      dkimDomain: 'customer.example',
    });
    expect(authVerdict({ dkim: dkim('pass', false) }, false)).toMatchObject({
      verified: false,
      basis: 'not_verified',
    });
    expect(authVerdict({ dkim: dkim('temperr', false) }, false).dkim).toBe('temperror');
    expect(authVerdict(null, true)).toMatchObject({ verified: true, basis: 'trusted_inbox' });
  });
});

describe('email settings', () => {
  it('reads defaults (subject window off, senders not trusted) and the addresses', () => {
    expect(emailSettingsOf({})).toEqual({
      address: null,
      aliases: [],
      trustSenders: false,
      subjectWindowHours: 0,
    });
    const s = emailSettingsOf({
      email: { address: 'Support@Shop.example', aliases: ['help@shop.example'], smtp: { x: 1 } },
    });
    expect(inboxAddresses(s)).toEqual(['support@shop.example', 'help@shop.example']);
  });
});
