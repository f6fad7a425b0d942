/**
 * The visible reply of a plain-text mail, split from the quoted history below it and the signature
 * (all three are kept). Recognises the quote headers of Gmail, Apple Mail, Thunderbird and Outlook
 * in English, Chinese and German/French, `>` blocks, RFC 3676's `-- ` signature delimiter and the
 * mobile clients' "Sent from" lines. An inline reply (text between quoted blocks) stays whole.
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
  /^(From|发件人|寄件者|Von|De)\s*[:：].{1,200}$/i, // Outlook's header block, when followed by Sent/Date
];

const SENT_LINE = /^(Sent|Date|发送时间|日期|Gesendet|Envoyé)\s*[:：]/i;
const MOBILE_SIGNATURE =
  /^(Sent from my .{1,40}|Sent from (Mail|Outlook) for .{1,40}|Get Outlook for .{1,40}|发自我的.{1,20}|从我的.{1,20}发送|Von meinem .{1,40} gesendet)\s*$/i;

export function splitReply(text: string): SplitReply {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const q = quoteStart(lines);
  const body = lines.slice(0, q);
  const quoted = lines.slice(q).join('\n').trim();
  const s = signatureStart(body);
  const visible = body.slice(0, s).join('\n').trim();
  const signature = body.slice(s).join('\n').trim();
  return { visible, quoted, signature };
}

function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (isQuoteHeader(lines, i, line)) return i;
    if (line.startsWith('>') && !textAfter(lines, i)) return i;
    // "On … wrote:" wrapped over two lines by the client.
    if (/^On .{4,120}$/i.test(line) && /wrote:\s*$/i.test(lines[i + 1]?.trim() ?? '')) return i;
  }
  return lines.length;
}

function isQuoteHeader(lines: string[], i: number, line: string): boolean {
  const idx = QUOTE_HEADERS.findIndex((re) => re.test(line));
  if (idx < 0) return false;
  const outlookFrom = idx === QUOTE_HEADERS.length - 1;
  if (!outlookFrom) return true;
  // A "From:" line starts a quote only as Outlook's header block (a Sent/Date line follows soon).
  return lines.slice(i + 1, i + 4).some((l) => SENT_LINE.test(l.trim()));
}

/** Whether non-quoted text follows the `>` block starting at i (an inline reply). */
function textAfter(lines: string[], i: number): boolean {
  let j = i;
  while (j < lines.length && (lines[j]!.trim().startsWith('>') || !lines[j]!.trim())) j++;
  const rest = lines.slice(j);
  const s = signatureStart(rest);
  return rest.slice(0, s).some((l) => l.trim() && !l.trim().startsWith('>'));
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
