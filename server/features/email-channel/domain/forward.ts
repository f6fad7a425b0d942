/**
 * A forwarded mail's original sender, read from the forward block clients write into the body
 * (Gmail, Outlook, Apple Mail, Thunderbird, Chinese Outlook/Foxmail), when there is one.
 */
import { normalizeAddress } from './addresses.ts';

export interface ForwardedOriginal {
  from: string;
  name: string | null;
  subject: string | null;
}

const MARKERS = [
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i, // Gmail
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook (older)
  /^_{10,}\s*$/, // Outlook
  /^Begin forwarded message:\s*$/i, // Apple Mail
  /^-{2,}\s*Forwarded Message\s*-{2,}\s*$/i, // Thunderbird
  /^-{2,}\s*(转发的邮件|原始邮件|原始郵件)\s*-{2,}\s*$/, // Chinese clients
];
const FROM = /^(From|发件人|寄件者|Von|De)\s*[:：]\s*(.+)$/i;
const SUBJECT = /^(Subject|主题|主旨|Betreff|Objet)\s*[:：]\s*(.*)$/i;

export function forwardedOriginal(text: string): ForwardedOriginal | null {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => MARKERS.some((re) => re.test(l.trim())));
  if (start < 0) return null;
  let from: { address: string; name: string | null } | null = null;
  let subject: string | null = null;
  for (const raw of lines.slice(start + 1, start + 12)) {
    const line = raw.trim().replace(/^\*+|\*+$/g, '');
    const f = FROM.exec(line);
    if (f && !from) from = parseMailbox(f[2]!);
    const s = SUBJECT.exec(line);
    if (s && subject === null) subject = s[2]!.trim();
  }
  return from ? { from: from.address, name: from.name, subject } : null;
}

/** `Alice Smith <alice@x.example>`, `"Alice" <alice@x.example>`, `alice@x.example`, Gmail's `[mailto:…]`. */
export function parseMailbox(v: string): { address: string; name: string | null } | null {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(v) ?? /\[mailto:([^\]\s]+)\]/i.exec(v);
  const address = normalizeAddress(angle ? angle[1] : /[^\s<>"]+@[^\s<>"]+/.exec(v)?.[0]);
  if (!address) return null;
  const name = angle ? v.slice(0, angle.index).replace(/["']/g, '').trim() : '';
  return { address, name: name || null };
}
