/**
 * A raw mail parsed (mailparser) into what the channel reads: ids, addresses, subject, the raw header
 * lines (for RFC 3834 checks), text (charsets and format=flowed decoded), HTML as sent (sanitised
 * later), attachments and inline `cid:` parts (also parts without Content-Disposition), the
 * delivery-status part of a bounce and the ids of the original it reports on.
 */
import { simpleParser, type AddressObject, type Attachment } from 'mailparser';
import type { HeaderMap } from '../domain/auto-mail.ts';
import { normalizeAddress, normalizeAddress as addr } from '../domain/addresses.ts';
import { parseMailbox } from '../domain/forward.ts';
import { normalizeMessageId } from '../store/message-ids.ts';

export interface Mailbox {
  address: string;
  name: string | null;
}

export interface MailPart {
  fileName: string;
  data: Buffer;
  /** Content-ID without brackets, lower case. */
  cid: string | null;
  /** Shown inside the HTML (referenced by cid: or inside multipart/related). */
  inline: boolean;
}

export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  subject: string;
  dateHeader: string | null;
  date: Date | null;
  from: Mailbox | null;
  to: Mailbox[];
  cc: Mailbox[];
  replyTo: Mailbox[];
  headers: HeaderMap;
  text: string;
  html: string | null;
  parts: MailPart[];
  /** The `message/delivery-status` part of a report. */
  deliveryStatus: string | null;
  /** Message-IDs of an attached original (bounces, forwards as attachment). */
  attachedIds: string[];
  /** The sender of a message attached as message/rfc822 (a forward as attachment). */
  attachedFrom: Mailbox | null;
}

/** At most this many parts are kept per mail; the raw mail keeps the rest. */
export const MAX_PARTS = 100;

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const p = await simpleParser(raw, {
    keepCidLinks: true,
    keepDeliveryStatus: true,
    skipImageLinks: true,
    skipTextLinks: true,
    maxHtmlLengthToParse: 2 * 1024 * 1024,
  });
  const headers = headerMap(p.headerLines);
  const attached = p.attachments.filter((a) => isOriginal(a.contentType));
  const attachedHead = attached.map((a) => headerBlock(a.content.toString('latin1')));
  const status = p.attachments.find((a) => a.contentType === 'message/delivery-status');
  return {
    messageId: idOrNull(p.messageId),
    inReplyTo: ids(p.inReplyTo),
    references: ids(p.references),
    subject: (p.subject ?? '').slice(0, 998),
    dateHeader: headers.date?.[0]?.trim() ?? null,
    date: p.date && !Number.isNaN(p.date.getTime()) ? p.date : null,
    from: mailboxes(p.from)[0] ?? null,
    to: mailboxes(p.to),
    cc: mailboxes(p.cc),
    replyTo: mailboxes(p.replyTo),
    headers,
    text: p.text ?? '',
    html: typeof p.html === 'string' ? p.html : null,
    parts: p.attachments
      .filter((a) => a !== status && !isOriginal(a.contentType))
      .slice(0, MAX_PARTS)
      .map(part),
    deliveryStatus: status ? status.content.toString('utf8') : null,
    attachedIds: attachedHead.flatMap((h) => ids(h.get('message-id'))),
    attachedFrom:
      attachedHead.map((h) => parseMailbox(h.get('from') ?? '')).find((m): m is Mailbox => !!m) ??
      null,
  };
}

const isOriginal = (type: string) => type === 'message/rfc822' || type === 'text/rfc822-headers';

function part(a: Attachment, i: number): MailPart {
  const cid = a.cid ? normalizeMessageId(a.cid) : null;
  return {
    fileName: a.filename || `${cid ? 'inline' : 'attachment'}-${i + 1}${extension(a.contentType)}`,
    data: a.content,
    cid,
    inline: !!cid && (a.related || a.contentDisposition === 'inline'),
  };
}

const extension = (type: string) =>
  ({ 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'text/plain': '.txt' })[
    type
  ] ?? '';

function mailboxes(a: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const list = (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value);
  const flat = list.flatMap((v) => (v.group ? v.group : [v]));
  return flat
    .map((v) => ({ address: addr(v.address), name: v.name?.trim() || null }))
    .filter((m) => m.address);
}

function ids(v: string | string[] | undefined): string[] {
  const all = (Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.match(/<[^<>]+>/g) ?? [s]);
  return [...new Set(all.map(normalizeMessageId).filter(Boolean))];
}

function idOrNull(v: string | undefined): string | null {
  return ids(v)[0] ?? null;
}

/** Raw header lines (`key`, `line`) → lower-case name → unfolded values. */
function headerMap(lines: ReadonlyArray<{ key: string; line: string }>): HeaderMap {
  const out: Record<string, string[]> = {};
  for (const { key, line } of lines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (out[key.toLowerCase()] ??= []).push(value);
  }
  return out;
}

/** The header block of an attached message (or rfc822-headers part), unfolded. */
function headerBlock(text: string): Map<string, string> {
  const head = text.split(/\r?\n\r?\n/)[0] ?? '';
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!out.has(name)) out.set(name, line.slice(colon + 1).trim());
    }
  }
  return out;
}

/** Every address a mail names (From, To, Cc), normalised, without duplicates. */
export function addressesOf(m: Pick<ParsedMail, 'from' | 'to' | 'cc'>): string[] {
  return [
    ...new Set([m.from, ...m.to, ...m.cc].filter(Boolean).map((x) => normalizeAddress(x!.address))),
  ].filter(Boolean);
}
