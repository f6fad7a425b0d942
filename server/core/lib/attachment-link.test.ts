/** Signed download links: bound to account, file and expiry; checked in constant time. */
import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_LINK_TTL_MS,
  checkAttachmentLink,
  signAttachmentLink,
} from './attachment-link.ts';

const SECRET = 'unit-secret';
const target = { accountId: 'acc-a', attachmentId: 'file-1' };
const NOW = 1_700_000_000_000;
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('attachment links', () => {
  it('a fresh link is accepted until it expires, then answers link_expired', () => {
    const { url, expiresAt } = signAttachmentLink(SECRET, target, NOW);
    expect(url).toMatch(/^\/widget\/v1\/attachments\/file-1\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(expiresAt - NOW).toBeGreaterThanOrEqual(ATTACHMENT_LINK_TTL_MS);
    expect(checkAttachmentLink(SECRET, target, query(url), NOW)).toBe('ok');
    expect(checkAttachmentLink(SECRET, target, query(url), expiresAt - 1)).toBe('ok');
    expect(checkAttachmentLink(SECRET, target, query(url), expiresAt)).toBe('link_expired');
  });

  it.each([
    ['another account', { ...target, accountId: 'acc-b' }, (q: Record<string, string>) => q],
    ['another file', { ...target, attachmentId: 'file-2' }, (q: Record<string, string>) => q],
    ['a later expiry', target, (q: Record<string, string>) => ({ ...q, exp: `${+q.exp + 3600}` })],
    [
      'a changed signature',
      target,
      (q: Record<string, string>) => ({ ...q, sig: `0${q.sig.slice(1)}` }),
    ],
    ['no signature', target, (q: Record<string, string>) => ({ exp: q.exp })],
    ['a short signature', target, (q: Record<string, string>) => ({ ...q, sig: q.sig.slice(2) })],
    ['a non-numeric expiry', target, (q: Record<string, string>) => ({ ...q, exp: '1e99' })],
  ])('%s → invalid_signature', (_, checked, edit) => {
    const { url } = signAttachmentLink(SECRET, target, NOW);
    expect(checkAttachmentLink(SECRET, checked, edit(query(url)), NOW)).toBe('invalid_signature');
  });

  it('another secret → invalid_signature', () => {
    const { url } = signAttachmentLink('other-secret', target, NOW);
    expect(checkAttachmentLink(SECRET, target, query(url), NOW)).toBe('invalid_signature');
  });
});
