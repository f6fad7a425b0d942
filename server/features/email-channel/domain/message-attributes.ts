/**
 * What a stored mail carries in its message's attributes (`email: {…}`), so the console can render it
 * as mail: subject, addresses, date, ids, the sanitised HTML with its inline images, the quoted part
 * and signature split from the visible reply (the message's content), the sender verdict, and how
 * it was threaded. Automatic mail is marked `noAutoReply: true` and `autoSubmitted: <kind>`: the bot,
 * auto-acknowledgements and rules must never answer it.
 */
import type { AuthVerdict } from './auth-verdict.ts';
import type { AutoMailVerdict } from './auto-mail.ts';
import type { ForwardedOriginal } from './forward.ts';
import { splitReply } from './reply-split.ts';
import { sanitizeMailHtml } from './sanitize.ts';
import type { ThreadDecision } from './threading.ts';

/** Stored HTML and text are capped (the raw mail keeps everything). */
export const MAX_HTML_CHARS = 512 * 1024;
export const MAX_TEXT_CHARS = 100_000;
const MAX_REFERENCES = 20;

export interface MailFacts {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  subject: string;
  date: Date | null;
  from: { address: string; name: string | null } | null;
  to: Array<{ address: string; name: string | null }>;
  cc: Array<{ address: string; name: string | null }>;
  replyTo: Array<{ address: string; name: string | null }>;
  text: string;
  html: string | null;
}

export interface MailMessage {
  content: string;
  attributes: Record<string, unknown>;
}

export function mailMessage(
  mail: MailFacts,
  extra: {
    source: 'smtp' | 'imap' | 'webhook';
    auth: AuthVerdict;
    auto: AutoMailVerdict;
    thread: ThreadDecision;
    inline: Record<string, string>;
    forwarded?: ForwardedOriginal | null;
    sentOutsideKefu?: boolean;
  },
): MailMessage {
  const text = mail.text.slice(0, MAX_TEXT_CHARS);
  const split = splitReply(text);
  const html = mail.html ? sanitizeMailHtml(mail.html) : null;
  const email = {
    subject: mail.subject,
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    ...(mail.replyTo.length ? { replyTo: mail.replyTo } : {}),
    date: mail.date?.toISOString() ?? null,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references.slice(-MAX_REFERENCES),
    html: html && html.length <= MAX_HTML_CHARS ? html : null,
    ...(html && html.length > MAX_HTML_CHARS ? { htmlTruncated: true } : {}),
    inline: extra.inline,
    quoted: split.quoted,
    signature: split.signature,
    auth: extra.auth,
    ...(extra.auto.automatic || extra.auto.noAutoReply
      ? { auto: { kind: extra.auto.kind, reasons: extra.auto.reasons } }
      : {}),
    thread:
      extra.thread.conversationId === null
        ? {
            new: extra.thread.reason,
            ...(extra.thread.splitFrom ? { splitFrom: extra.thread.splitFrom } : {}),
          }
        : { via: extra.thread.via },
    ...(extra.forwarded ? { forwarded: extra.forwarded } : {}),
    ...(extra.sentOutsideKefu ? { sentOutsideKefu: true } : {}),
    source: extra.source,
  };
  return {
    content: split.visible || text.trim() || mail.subject,
    attributes: {
      email,
      ...(extra.auto.noAutoReply ? { noAutoReply: true } : {}),
      ...(extra.auto.automatic ? { autoSubmitted: extra.auto.kind } : {}),
    },
  };
}
