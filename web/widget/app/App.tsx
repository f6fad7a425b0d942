/** The iframe chat UI (Preact). Everything user-generated is rendered as text; links only via safeHref. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Controller, State, Article } from './controller.ts';
import { translator } from '../../../shared/i18n.ts';
import { catalogue, type Key, type T } from './strings.ts';
import { showHumanControl, type Attachment, type Message, type Pending } from './messages.ts';
import { safeHref, segments } from './text.ts';
import { contextLabel } from './context.ts';
import { BellIcon, ClipIcon, CloseIcon, PersonIcon, StarIcon, ThumbIcon } from './icons.tsx';

export function useControllerState(c: Controller): State {
  const [state, setState] = useState(c.state);
  useEffect(() => c.subscribe(() => setState(c.state)), [c]);
  return state;
}

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

const when = (ms: number, locale: string) => {
  try {
    return new Date(ms).toLocaleString(locale, {
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  } catch {
    return '';
  }
};

const time = (iso: string, locale: string) => {
  try {
    return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return '';
  }
};

function Attachments({ list, c }: { list: Attachment[]; c: Controller }) {
  return (
    <div class="k-atts">
      {list.map((a) => (
        <a
          key={a.id}
          class="k-att"
          href={c.attachmentUrl(a.id)}
          target="_blank"
          rel="noopener noreferrer"
          download={a.fileName}
        >
          {a.contentType.startsWith('image/') && a.contentType !== 'image/svg+xml' ? (
            <img src={c.attachmentUrl(a.id)} alt={a.fileName} loading="lazy" />
          ) : (
            <span class="k-file">
              <ClipIcon /> {a.fileName}
            </span>
          )}
        </a>
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

function Csat({ c, t }: { c: Controller; t: T }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  return (
    <form
      class="k-card k-csat"
      onSubmit={(e) => {
        e.preventDefault();
        if (rating) void c.rate(rating, comment);
      }}
    >
      <fieldset>
        <legend>{t('csatTitle')}</legend>
        <div class="k-stars" role="radiogroup" aria-label={t('csatTitle')}>
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={rating === n}
              aria-label={`${t('csatStar', { count: n })} · ${t(`csatLabel${n}` as Key)}`}
              class={n <= rating ? 'k-star on' : 'k-star'}
              onClick={() => setRating(n)}
            >
              <StarIcon on={n <= rating} />
            </button>
          ))}
        </div>
        {rating ? <p class="k-muted">{t(`csatLabel${rating}` as Key)}</p> : null}
        <label class="k-field">
          <span>{t('csatComment')}</span>
          <textarea
            rows={2}
            maxLength={1000}
            value={comment}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <button type="submit" class="k-primary" disabled={!rating}>
          {t('csatSubmit')}
        </button>
      </fieldset>
    </form>
  );
}

/** Black or white text, whichever has more contrast on the brand colour (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111111';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function ProfileForm({
  fields,
  required,
  t,
  title,
  body,
  withMessage,
  submitLabel,
  onSubmit,
}: {
  fields: string[];
  required: string[];
  t: T;
  title: string;
  body?: string;
  withMessage?: boolean;
  submitLabel: string;
  onSubmit: (v: Record<string, string>) => Promise<void>;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const all = withMessage ? [...fields, 'message'] : fields;
  const label = (f: string) =>
    f === 'name'
      ? t('name')
      : f === 'email'
        ? t('email')
        : f === 'phone'
          ? t('phone')
          : t('message');
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    for (const f of all) {
      const v = (values[f] ?? '').trim();
      if (!v && (required.includes(f) || f === 'message')) errs[f] = t('fieldRequired');
      else if (f === 'email' && v && !EMAIL.test(v)) errs[f] = t('emailInvalid');
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="k-card k-form" onSubmit={submit} noValidate>
      <h2>{title}</h2>
      {body ? <p class="k-muted">{body}</p> : null}
      {all.map((f) => (
        <label key={f} class="k-field">
          <span>
            {label(f)}
            {required.includes(f) || f === 'message' ? t('required') : ''}
          </span>
          {f === 'message' ? (
            <textarea
              name={f}
              rows={3}
              maxLength={5000}
              aria-invalid={!!errors[f]}
              onInput={(e) =>
                setValues({ ...values, [f]: (e.target as HTMLTextAreaElement).value })
              }
            />
          ) : (
            <input
              name={f}
              type={f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}
              autoComplete={f === 'phone' ? 'tel' : f}
              maxLength={200}
              aria-invalid={!!errors[f]}
              onInput={(e) => setValues({ ...values, [f]: (e.target as HTMLInputElement).value })}
            />
          )}
          {errors[f] ? (
            <span class="k-error" role="alert">
              {errors[f]}
            </span>
          ) : null}
        </label>
      ))}
      <button type="submit" class="k-primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

function ArticleList({ list, t }: { list: Article[]; t: T }) {
  const safe = list
    .map((a) => ({ ...a, href: safeHref(a.url, location.origin) }))
    .filter((a) => a.href);
  if (!safe.length) return null;
  return (
    <div class="k-articles">
      <h3>{t('articles')}</h3>
      <ul>
        {safe.map((a) => (
          <li key={a.id}>
            <a href={a.href!} target="_blank" rel="noopener noreferrer">
              {a.title}
            </a>
            {a.snippet ? <p class="k-muted">{a.snippet}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ArticleSearch({ c, t }: { c: Controller; t: T }) {
  const [q, setQ] = useState('');
  const [list, setList] = useState<Article[]>([]);
  useEffect(() => {
    const h = setTimeout(() => {
      void c.searchArticles(q).then(setList);
    }, 300);
    return () => clearTimeout(h);
  }, [q]);
  return (
    <div class="k-card k-search">
      <label class="k-field">
        <span>{t('searchArticles')}</span>
        <input
          type="search"
          value={q}
          placeholder={t('searchPlaceholder')}
          onInput={(e) => setQ((e.target as HTMLInputElement).value)}
        />
      </label>
      <ArticleList list={list} t={t} />
    </div>
  );
}

/** "About: <article title>": the page context sent with the next message; the visitor may remove it. */
function ContextChip({ c, t, s }: { c: Controller; t: T; s: State }) {
  if (!s.context) return null;
  return (
    <div class="k-context" data-testid="context">
      <span class="k-context-text">
        <span class="k-muted">{t('about')}</span> {contextLabel(s.context)}
      </span>
      <button
        type="button"
        class="k-link"
        aria-label={t('removeContext')}
        title={t('removeContext')}
        onClick={() => c.setContext(null)}
      >
        <CloseIcon />
      </button>
    </div>
  );
}

function Composer({ c, t, s }: { c: Controller; t: T; s: State }) {
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<Article[]>([]);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (s.open) ref.current?.focus();
  }, [s.open]);
  useEffect(() => {
    if (!s.articlesAvailable) return;
    const h = setTimeout(() => {
      void c.searchArticles(text).then((r) => setSuggestions(r.slice(0, 3)));
    }, 400);
    return () => clearTimeout(h);
  }, [text, s.articlesAvailable]);
  const send = () => {
    if (!text.trim()) return;
    void c.send(text);
    setText('');
    setSuggestions([]);
  };
  const onFiles = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])].slice(0, 5);
    input.value = '';
    if (!files.length) return;
    const uploaded = await c.upload(files);
    if (uploaded.length) void c.send('', uploaded);
  };
  return (
    <div class="k-composer-wrap">
      {suggestions.length ? <ArticleList list={suggestions} t={t} /> : null}
      {s.uploading ? <p class="k-muted k-small">{t('uploading')}</p> : null}
      {s.notice === 'uploadFailed' ? (
        <p class="k-error k-small" role="alert">
          {t('uploadFailed')}
        </p>
      ) : null}
      <ContextChip c={c} t={t} s={s} />
      <form
        class="k-composer"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <input
          ref={fileRef}
          type="file"
          class="k-hidden"
          tabIndex={-1}
          aria-hidden="true"
          multiple
          onChange={onFiles}
        />
        <button
          type="button"
          class="k-icon"
          aria-label={t('attach')}
          title={t('attach')}
          onClick={() => fileRef.current?.click()}
        >
          <ClipIcon />
        </button>
        <textarea
          ref={ref}
          rows={1}
          value={text}
          aria-label={t('composerLabel')}
          placeholder={t('placeholder')}
          maxLength={10000}
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
            c.typing(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" class="k-send" disabled={!text.trim()}>
          {t('send')}
        </button>
      </form>
    </div>
  );
}

export function App({ c }: { c: Controller }) {
  const s = useControllerState(c);
  const t: T = useMemo(() => translator(catalogue, s.locale), [s.locale]);
  const listRef = useRef<HTMLElement>(null);
  useEffect(() => {
    document.documentElement.lang = s.locale;
    document.title = t('title');
  }, [s.locale]);
  useEffect(() => {
    const root = document.documentElement;
    if (s.settings?.color && /^#[0-9a-fA-F]{6}$/.test(s.settings.color)) {
      root.style.setProperty('--kc', s.settings.color);
      root.style.setProperty('--kct', readableOn(s.settings.color));
    }
  }, [s.settings?.color]);
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [s.messages.length, s.pending.length, s.agentTyping, s.csat?.pending]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') c.setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const human = useMemo(
    () => showHumanControl(s.messages, s.conversation),
    [s.messages, s.conversation],
  );
  if (s.phase === 'blocked')
    return (
      <main class="k-app">
        <p class="k-card">{t('blocked')}</p>
      </main>
    );
  if (s.phase === 'loading') return <main class="k-app" aria-busy="true" />;

  const settings = s.settings;
  const greeting = settings?.greeting?.[s.locale] || t('greeting');
  const chatting = s.messages.length > 0 || s.pending.length > 0;
  const activeConversation =
    !!s.conversation && s.conversation.status !== 'resolved' && s.conversation.status !== 'closed';
  // Nobody online: offer the leave-a-message form, unless the inbox's bot answers around the clock.
  const offline = s.availability?.online === false && settings?.botMode !== 'on';
  const showOffline =
    (s.leaveMessage || (offline && !activeConversation && !s.offlineSent)) && !s.pending.length;
  const showPrechat =
    !showOffline &&
    !!settings?.preChatForm.enabled &&
    !s.prechatDone &&
    !chatting &&
    !s.conversation;
  const queue =
    s.queue &&
    s.queue.position != null &&
    s.conversation &&
    s.queue.conversationId === s.conversation.id
      ? s.queue
      : null;

  return (
    <main class="k-app">
      <header class="k-head">
        <div class="k-title">
          <h1>{s.inboxName || t('title')}</h1>
          <p>{greeting}</p>
        </div>
        <button
          type="button"
          class="k-icon k-head-btn"
          aria-pressed={s.sound}
          aria-label={s.sound ? t('soundOff') : t('soundOn')}
          title={s.sound ? t('soundOff') : t('soundOn')}
          onClick={() => c.toggleSound()}
        >
          <BellIcon off={!s.sound} />
        </button>
        <button
          type="button"
          class="k-icon k-head-btn"
          aria-label={t('close')}
          title={t('close')}
          onClick={() => c.setOpen(false)}
        >
          <CloseIcon />
        </button>
      </header>
      {s.connection === 'reconnecting' ? (
        <div class="k-banner k-warn" role="status" data-testid="reconnecting">
          {t('reconnecting')}
        </div>
      ) : null}
      {offline && activeConversation ? <div class="k-banner">{t('offlineBanner')}</div> : null}
      {queue ? (
        <div class="k-banner" role="status" data-testid="queue">
          {queue.estimatedWaitSeconds != null
            ? t('queueWait', {
                n: queue.position!,
                count: Math.max(1, Math.round(queue.estimatedWaitSeconds / 60)),
              })
            : t('queue', { n: queue.position! })}
          {queue.overflow === 'leave_message' && !s.leaveMessage ? (
            <>
              {' '}
              <button type="button" class="k-link" onClick={() => c.requestLeaveMessage()}>
                {t('leaveMessage')}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      <section class="k-body" ref={listRef}>
        {!chatting && !s.conversation && s.articlesAvailable && !showOffline ? (
          <ArticleSearch c={c} t={t} />
        ) : null}
        <div
          role="log"
          aria-live="polite"
          aria-label={t('title')}
          class={chatting ? 'k-log k-grow' : 'k-log'}
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
        {s.csat?.pending ? <Csat c={c} t={t} /> : null}
        {s.csat && !s.csat.pending && s.csat.rating ? (
          <p class="k-card k-thanks" role="status">
            {t('csatThanks')}
          </p>
        ) : null}
        {showOffline ? <ContextChip c={c} t={t} s={s} /> : null}
        {showOffline ? (
          <ProfileForm
            fields={['name', 'email']}
            required={['name', 'email']}
            withMessage
            t={t}
            title={
              s.availability?.reason === 'out_of_hours' ? t('outOfHoursTitle') : t('offlineTitle')
            }
            body={
              s.availability?.nextOpenAt
                ? `${t('backAt', { when: when(s.availability.nextOpenAt, s.locale) })} ${t('offlineBody')}`
                : t('offlineBody')
            }
            submitLabel={t('offlineSend')}
            onSubmit={(v) =>
              c.leaveMessage({
                name: v.name.trim(),
                email: v.email.trim(),
                content: v.message.trim(),
              })
            }
          />
        ) : null}
        {s.offlineSent ? (
          <p class="k-card k-thanks" role="status">
            {t('offlineThanks')}
          </p>
        ) : null}
        {showPrechat ? (
          <ProfileForm
            fields={settings!.preChatForm.fields}
            required={settings!.preChatForm.required}
            t={t}
            title={t('prechatTitle')}
            submitLabel={t('start')}
            onSubmit={(v) => c.submitPrechat(v)}
          />
        ) : null}
      </section>
      {human ? (
        <div class="k-human">
          <span class="k-muted k-small">{t('talkToHumanHint')}</span>
          <button
            type="button"
            class="k-human-btn"
            disabled={s.handingOver}
            onClick={() => c.handover()}
          >
            <PersonIcon /> {s.handingOver ? t('handingOver') : t('talkToHuman')}
          </button>
        </div>
      ) : null}
      {!showOffline && !showPrechat ? <Composer c={c} t={t} s={s} /> : null}
    </main>
  );
}
