/** RFC 3834 classification, the automatic-send check and RFC 3464 reports. */
import { describe, expect, it } from 'vitest';
import {
  automaticMailHeaders,
  classifyAutoMail,
  mayAutoSend,
  type HeaderMap,
} from './auto-mail.ts';
import { bounceEffect, parseDsn } from './dsn.ts';

const own = ['support@shop.example'];
const classify = (headers: HeaderMap, from = 'alice@customer.example') =>
  classifyAutoMail({ headers, from, ownAddresses: own });

describe('classifyAutoMail', () => {
  it.each([
    [{ 'auto-submitted': ['auto-replied (vacation)'] }, 'auto_replied', 'auto_submitted'],
    [{ 'auto-submitted': ['auto-generated'] }, 'auto_generated', 'auto_submitted'],
    [{ precedence: ['bulk'] }, 'bulk', 'precedence'],
    [{ precedence: ['junk'] }, 'bulk', 'precedence'],
    [{ precedence: ['list'] }, 'list', 'precedence'],
    [{ 'list-id': ['<news.shop.example>'] }, 'list', 'list_id'],
    [{ 'return-path': ['<>'] }, 'bounce', 'empty_return_path'],
    [{ 'x-autoreply': ['yes'] }, 'auto_replied', 'vendor_auto_reply'],
    [
      { 'content-type': ['multipart/report; report-type=delivery-status; boundary="b"'] },
      'bounce',
      'delivery_status',
    ],
  ] as const)('%j is automatic (%s)', (headers, kind, reason) => {
    const v = classify(headers);
    expect(v).toMatchObject({ automatic: true, noAutoReply: true, kind });
    expect(v.reasons).toContain(reason);
  });

  it('a person writing is not automatic; Auto-Submitted: no is a person', () => {
    expect(classify({ 'auto-submitted': ['no'], precedence: ['first-class'] })).toEqual({
      automatic: false,
      noAutoReply: false,
      kind: null,
      reasons: [],
    });
  });

  it('X-Auto-Response-Suppress: the sender asks for no automatic answer', () => {
    const v = classify({ 'x-auto-response-suppress': ['OOF, AutoReply'] });
    expect(v).toMatchObject({ automatic: false, noAutoReply: true });
  });

  it('our own address and notification senders are automatic', () => {
    expect(classify({}, 'Support+abc@shop.example')).toMatchObject({ kind: 'own' });
    expect(classify({}, 'no-reply@github.example')).toMatchObject({
      kind: 'auto_generated',
      reasons: ['notifier_address'],
    });
  });
});

describe('automatic sending', () => {
  it('our automatic mail carries Auto-Submitted and suppresses Outlook auto-replies', () => {
    expect(automaticMailHeaders()).toEqual({
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
    });
    expect(automaticMailHeaders('auto-generated')['Auto-Submitted']).toBe('auto-generated');
  });

  it('mayAutoSend refuses automatic mail, our addresses, bounced addresses and the rate limit', () => {
    const base = {
      recipient: 'alice@customer.example',
      ownAddresses: own,
      sentInWindow: 0,
      limitPerWindow: 3,
    };
    expect(mayAutoSend(base)).toEqual({ send: true });
    expect(mayAutoSend({ ...base, verdict: classify({ precedence: ['bulk'] }) })).toEqual({
      send: false,
      reason: 'automatic_mail',
    });
    expect(mayAutoSend({ ...base, recipient: 'support+x@shop.example' })).toMatchObject({
      reason: 'own_address',
    });
    expect(mayAutoSend({ ...base, addressState: 'bounced' })).toMatchObject({
      reason: 'address_bounced',
    });
    expect(mayAutoSend({ ...base, sentInWindow: 3 })).toMatchObject({ reason: 'rate_limited' });
    expect(mayAutoSend({ ...base, recipient: 'not an address' })).toMatchObject({
      reason: 'no_address',
    });
  });
});

describe('parseDsn', () => {
  it('reads each recipient with its action, status and diagnostic', () => {
    const dsn = parseDsn(
      [
        'Reporting-MTA: dns; mx.shop.example',
        'Arrival-Date: Mon, 2 Jun 2025 10:00:00 +0000',
        '',
        'Final-Recipient: rfc822; Gone@Customer.example',
        'Action: failed',
        'Status: 5.1.1',
        'Remote-MTA: dns; mx.customer.example',
        'Diagnostic-Code: smtp; 550 5.1.1 <gone@customer.example>:',
        ' Recipient address rejected: User unknown',
        '',
        'Original-Recipient: rfc822;slow@customer.example',
        'Final-Recipient: rfc822;slow@customer.example',
        'Action: delayed',
        'Status: 4.4.1',
      ].join('\r\n'),
    );
    expect(dsn.reportingMta).toBe('mx.shop.example');
    expect(dsn.recipients).toEqual([
      {
        recipient: 'gone@customer.example',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown',
        remoteMta: 'mx.customer.example',
      },
      {
        recipient: 'slow@customer.example',
        action: 'delayed',
        status: '4.4.1',
        diagnostic: null,
        remoteMta: null,
      },
    ]);
    expect(dsn.recipients.map(bounceEffect)).toEqual(['bounced', 'soft_bounce']);
  });

  it('a delivered report changes nothing; garbage gives no recipients', () => {
    expect(
      bounceEffect({
        recipient: 'a@b.example',
        action: 'delivered',
        status: '2.0.0',
        diagnostic: null,
        remoteMta: null,
      }),
    ).toBeNull();
    expect(parseDsn('hello\n\nworld').recipients).toEqual([]);
  });
});
