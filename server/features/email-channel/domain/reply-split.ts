/**
 * The visible reply of a plain-text mail, split from the quoted history below it and the signature
 * (all three are kept). Recognises the quote headers of Gmail, Apple Mail, Thunderbird and Outlook
 * in English, Chinese and German/French, `>` blocks, RFC 3676's `-- ` signature delimiter and the
 * mobile clients' "Sent from" lines. A bottom-posted reply (quote first, answer below) is found
 * below the quote; an inline reply (answers between quoted blocks) stays whole.
 */

export interface SplitReply {
  visible: string;
  quoted: string;
  signature: string;
}

const QUOTE_HEADERS: RegExp[] = [
  /^On .{4,200}wrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^在.{2,200}写道[:：]\s*$/, // Chinese clients
  /^Am .{4,200}schrieb.{0,200}:\s*$/i,
  /^Le .{4,200}a écrit\s*:\s*$/i,
  /^-{2,}\s*(Original Message|原始邮件|原始郵件|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$/i,
  /^-{2,}\s*(Forwarded message|Forwarded Message|转发的邮件)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above "From: … Sent: …"
];
const FROM_LINE = /^(From|发件人|寄件者|Von|De)\s*[:：].{1,200}$/i; // Outlook's header block

const SENT_LINE = /^(Sent|Date|发送时间|日期|Gesendet|Envoyé)\s*[:：]/i;
const MOBILE_SIGNATURE =
  /^(Sent from my .{1,40}|Sent from (Mail|Outlook) for .{1,40}|Get Outlook for .{1,40}|发自我的.{1,20}|从我的.{1,20}发送|Von meinem .{1,40} gesendet)\s*$/i;

export function splitReply(text: string): SplitReply {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const q = quoteStart(lines);
  if (q === lines.length) return withSignature(lines, '');
  if (OUTLOOK_BLOCK.test(lines[q]!.trim()) || isOutlookFrom(lines, q))
    return withSignature(lines.slice(0, q), join(lines.slice(q)));
  const end = quoteEnd(lines, q);
  const rest = lines.slice(end);
  const restSig = signatureStart(rest);
  const restHasText = rest.slice(0, restSig).some((l) => l.trim());
  if (!restHasText) {
    const split = withSignature(lines.slice(0, q), join(lines.slice(q, end)));
    return split.signature ? split : { ...split, signature: join(rest.slice(restSig)) };
  }
  const before = lines.slice(0, q).some((l) => l.trim());
  const interleaved = rest.some((l) => l.trim().startsWith('>'));
  // Text after the quote: a bottom-posted reply (nothing above), else an inline answer (kept whole).
  if (before || interleaved) return withSignature(lines, '');
  return {
    visible: join(rest.slice(0, restSig)),
    quoted: join(lines.slice(q, end)),
    signature: join(rest.slice(restSig)),
  };
}

const join = (lines: string[]) => lines.join('\n').trim();

function withSignature(body: string[], quoted: string): SplitReply {
  const s = signatureStart(body);
  return { visible: join(body.slice(0, s)), quoted, signature: join(body.slice(s)) };
}

/** Quote markers that quote everything below them (no `>` on the lines). */
const OUTLOOK_BLOCK =
  /^(-{2,}\s*(Original Message|原始邮件|原始郵件|Ursprüngliche Nachricht|Message d'origine|Forwarded message|Forwarded Message|转发的邮件)\s*-{2,}|_{10,})\s*$/i;

function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('>') || isQuoteHeader(lines, i, line)) return i;
    // "On … wrote:" wrapped over two lines by the client.
    if (/^On .{4,120}$/i.test(line) && /wrote:\s*$/i.test(lines[i + 1]?.trim() ?? '')) return i;
  }
  return lines.length;
}

/** The line after a `>` block (and the "On … wrote:" header above it). */
function quoteEnd(lines: string[], q: number): number {
  let j = q;
  while (j < lines.length && !lines[j]!.trim().startsWith('>') && j < q + 2) j++;
  while (j < lines.length && (lines[j]!.trim().startsWith('>') || !lines[j]!.trim())) j++;
  return j;
}

function isQuoteHeader(lines: string[], i: number, line: string): boolean {
  if (isOutlookFrom(lines, i)) return true;
  return QUOTE_HEADERS.some((re) => re.test(line));
}

/** A "From:" line starts a quote only as Outlook's header block (a Sent/Date line follows soon). */
function isOutlookFrom(lines: string[], i: number): boolean {
  if (!FROM_LINE.test(lines[i]!.trim())) return false;
  return lines.slice(i + 1, i + 4).some((l) => SENT_LINE.test(l.trim()));
}

function signatureStart(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i] === '-- ' || lines[i]!.trim() === '--') return i;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line) continue;
    return MOBILE_SIGNATURE.test(line) ? i : lines.length;
  }
  return lines.length;
}
