/**
 * Pure: the conversation's earlier messages quoted below a reply, as mail clients do it — a line
 * naming who wrote and when, then their text with `> ` (plain part) or in a `<blockquote>` (HTML).
 */

export interface QuotedMessage {
  /** Who wrote it, as shown: a name, or an address. */
  who: string;
  at: number;
  text: string;
}

/** How many earlier messages are quoted (newest first), and at most how much of their text. */
export const QUOTE_LIMIT = 5;
export const QUOTE_MAX_CHARS = 20_000;

/** `2026-12-05 19:21 UTC`: the same in every language and zone. */
export function quoteDate(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Plain text as HTML: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>\n');
}

function capped(items: readonly QuotedMessage[]): QuotedMessage[] {
  let left = QUOTE_MAX_CHARS;
  const out: QuotedMessage[] = [];
  for (const q of items.slice(0, QUOTE_LIMIT)) {
    if (left <= 0) break;
    const text = q.text.length > left ? `${q.text.slice(0, left)}…` : q.text;
    left -= text.length;
    out.push({ ...q, text });
  }
  return out;
}

export type QuoteHeader = (q: QuotedMessage) => string;

/** The quoted part of the plain body (empty when there is nothing to quote). */
export function quoteText(items: readonly QuotedMessage[], header: QuoteHeader): string {
  return capped(items)
    .map((q) => {
      const body = q.text
        .split(/\r?\n/)
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
      return `${header(q)}\n${body}`;
    })
    .join('\n\n');
}

/** The quoted part of the HTML body. */
export function quoteHtml(items: readonly QuotedMessage[], header: QuoteHeader): string {
  return capped(items)
    .map(
      (q) =>
        `<div class="kefu-quote-header">${escapeHtml(header(q))}</div>\n` +
        `<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">${textToHtml(q.text)}</blockquote>`,
    )
    .join('\n');
}

/** Reply and quoted history, plain and HTML. */
export function replyBodies(
  reply: string,
  quoted: readonly QuotedMessage[],
  header: QuoteHeader,
): { text: string; html: string } {
  if (!quoted.length) return { text: reply, html: `<div>${textToHtml(reply)}</div>` };
  return {
    text: `${reply}\n\n${quoteText(quoted, header)}`,
    html: `<div>${textToHtml(reply)}</div>\n<br>\n<div class="kefu-quote">${quoteHtml(quoted, header)}</div>`,
  };
}
