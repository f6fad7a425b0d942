/**
 * The conversation: message bubbles (text, attachments, read receipt, bot feedback and
 * suggestions), pending sends, typing.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Controller, State } from './controller.ts';
import { BotSources, OfferReplies } from './BotExtras.tsx';
import { type LocalFileRef, localPreview } from './local-files.ts';
import type { Attachment, Message, Pending } from './messages.ts';
import type { T } from './strings.ts';
import { segments } from './text.ts';
import { ClipIcon, ThumbIcon } from './icons.tsx';

function RichText({ text }: { text: string }) {
  return (
    <>
      {segments(text).map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer">
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

const time = (iso: string, locale: string) => {
  try {
    return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return '';
  }
};

/** A file of a message: its signed link once it arrived (links.ts), renewed while shown. */
function AttachmentItem({ a, c }: { a: Attachment; c: Controller }) {
  const [, rerender] = useState(0);
  useEffect(() => {
    const off = c.links.subscribe(() => rerender((n) => n + 1));
    const release = c.links.show(a.id);
    return () => {
      off();
      release();
    };
  }, [a.id, c]);
  const url = c.links.url(a.id);
  const image = a.contentType.startsWith('image/') && a.contentType !== 'image/svg+xml';
  return (
    <a
      class="k-att"
      href={url ?? undefined}
      target="_blank"
      rel="noopener noreferrer"
      download={a.fileName}
    >
      {image && url ? (
        <img src={url} alt={a.fileName} loading="lazy" onError={() => c.links.failed(a.id, url)} />
      ) : (
        <span class="k-file">
          <ClipIcon /> {a.fileName}
        </span>
      )}
    </a>
  );
}

function Attachments({ list, c }: { list: Attachment[]; c: Controller }) {
  return (
    <div class="k-atts">
      {list.map((a) => (
        <AttachmentItem key={a.id} a={a} c={c} />
      ))}
    </div>
  );
}

function Bubble({
  m,
  t,
  c,
  s,
  readSeq,
}: {
  m: Message;
  t: T;
  c: Controller;
  s: State;
  readSeq: number;
}) {
  const mine = m.type === 'incoming';
  const system = m.type === 'outgoing' && m.sender.type === 'system';
  if (system)
    return (
      <li class="k-sys" data-seq={m.seq}>
        <RichText text={m.content} />
      </li>
    );
  const who = mine ? t('you') : m.sender.type === 'bot' ? t('bot') : t('agent');
  const showFeedback = m.attributes?.kind === 'bot_answer' && s.feedbackAvailable;
  const suggestions =
    m.attributes?.kind === 'bot_suggestions' && Array.isArray(m.attributes.suggestions)
      ? (m.attributes.suggestions as Array<{ title?: unknown }>)
          .map((x) => (typeof x?.title === 'string' ? x.title : ''))
          .filter(Boolean)
          .slice(0, 5)
      : [];
  const given = s.feedback[m.id];
  return (
    <li class={`k-msg ${mine ? 'k-mine' : 'k-theirs'}`} data-seq={m.seq} data-kind={m.type}>
      <span class="k-who">{who}</span>
      <div class="k-bubble">
        {m.content ? (
          <p class="k-text">
            <RichText text={m.content} />
          </p>
        ) : null}
        {m.attachments?.length ? <Attachments list={m.attachments} c={c} /> : null}
        <BotSources m={m} t={t} />
      </div>
      <span class="k-meta">
        {time(m.createdAt, s.locale)}
        {mine && m.seq <= readSeq ? (
          <>
            {' '}
            · <span class="k-read">{t('read')}</span>
          </>
        ) : null}
      </span>
      {suggestions.length ? (
        <div class="k-suggest">
          {suggestions.map((title, i) => (
            <button key={i} type="button" onClick={() => c.send(title)}>
              {title}
            </button>
          ))}
        </div>
      ) : null}
      <OfferReplies m={m} c={c} s={s} t={t} />
      {showFeedback ? (
        given === undefined ? (
          <span class="k-fb">
            <button
              type="button"
              aria-label={t('helpful')}
              title={t('helpful')}
              onClick={() => c.feedback(m.id, true)}
            >
              <ThumbIcon />
            </button>
            <button
              type="button"
              aria-label={t('notHelpful')}
              title={t('notHelpful')}
              onClick={() => c.feedback(m.id, false)}
            >
              <ThumbIcon down />
            </button>
          </span>
        ) : (
          <span class="k-fb k-muted">{t('feedbackThanks')}</span>
        )
      ) : null}
    </li>
  );
}

/** Files waiting to be uploaded (local-files.ts): pictures from a local preview, others by name. */
function LocalFiles({ list }: { list: LocalFileRef[] }) {
  return (
    <div class="k-atts">
      {list.map((f) => {
        const preview = localPreview(f.key);
        return (
          <span key={f.key} class="k-att-local">
            {preview ? (
              <img src={preview} alt={f.name} />
            ) : (
              <span class="k-file">
                <ClipIcon /> {f.name}
              </span>
            )}
          </span>
        );
      })}
    </div>
  );
}

function PendingBubble({ p, t, c }: { p: Pending; t: T; c: Controller }) {
  return (
    <li class="k-msg k-mine k-pending" data-client-id={p.clientMessageId}>
      <span class="k-who">{t('you')}</span>
      <div class="k-bubble">
        {p.content ? (
          <p class="k-text">
            <RichText text={p.content} />
          </p>
        ) : null}
        {p.attachments?.length ? <Attachments list={p.attachments} c={c} /> : null}
        {p.files?.length ? <LocalFiles list={p.files} /> : null}
      </div>
      <span class="k-meta">
        {p.failed ? (
          <>
            {t('failed')} ·{' '}
            <button type="button" class="k-link" onClick={() => c.discard(p.clientMessageId)}>
              ✕
            </button>
          </>
        ) : (
          t('sending')
        )}
      </span>
    </li>
  );
}

/** Shown while the visitor reads older messages and newer ones arrived: back to the newest. */
export function NewMessagesPill({ t, onClick }: { t: T; onClick: () => void }) {
  return (
    <button type="button" class="k-pill" onClick={onClick}>
      {t('newMessages')}
      <span aria-hidden="true"> ↓</span>
    </button>
  );
}

/** The live log of the conversation (screen readers hear new messages). */
export function MessageList({ c, t, s, grow }: { c: Controller; t: T; s: State; grow: boolean }) {
  return (
    <div
      role="log"
      aria-live="polite"
      aria-label={t('title')}
      class={grow ? 'k-log k-grow' : 'k-log'}
    >
      <ol class="k-list">
        {s.messages.map((m) => (
          <Bubble key={m.id} m={m} t={t} c={c} s={s} readSeq={s.agentReadSeq} />
        ))}
        {s.pending.map((p) => (
          <PendingBubble key={p.clientMessageId} p={p} t={t} c={c} />
        ))}
        {s.agentTyping ? <li class="k-typing">{t('typing')}</li> : null}
      </ol>
    </div>
  );
}
