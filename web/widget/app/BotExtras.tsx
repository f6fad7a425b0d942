/**
 * What the widget shows under a bot message besides its text: the articles an answer comes from
 * ("来源：<title>" / "Source: <title>", linked to the help-center page when there is one; the titles
 * and links come with the message), and the quick replies under the bot's offer of a person
 * (yes → the bot hands over, no → it stays; sent as the visitor's message, which the bot reads).
 */
import type { Controller, State } from './controller.ts';
import type { Message } from './messages.ts';
import type { T } from './strings.ts';
import './bot.css';

interface Source {
  title: string;
  url: string | null;
}

/** Only the help center's own pages (a path on Kefu's origin, or an http(s) URL) become links. */
const safeUrl = (u: unknown): string | null =>
  typeof u === 'string' && (/^\/(?!\/)/.test(u) || /^https?:\/\//i.test(u)) ? u : null;

export function sourcesOf(m: Message): Source[] {
  const list = m.attributes?.kind === 'bot_answer' ? m.attributes.sources : null;
  if (!Array.isArray(list)) return [];
  return list
    .filter((s): s is { title: string; url?: unknown } => typeof s?.title === 'string' && !!s.title)
    .slice(0, 3)
    .map((s) => ({ title: s.title, url: safeUrl(s.url) }));
}

const MARK = '\u0001';

/** "来源：<a>title</a>" — the catalogue's word order, the titles where `{title}` stands. */
export function BotSources({ m, t }: { m: Message; t: T }) {
  const list = sourcesOf(m);
  if (!list.length) return null;
  const [before, after = ''] = t('botSource', { title: MARK }).split(MARK);
  const sep = t('botSourceSeparator');
  return (
    <p class="k-source">
      {before}
      {list.map((s, i) => (
        <span key={i}>
          {i > 0 ? sep : null}
          {s.url ? (
            <a href={s.url} target="_blank" rel="noopener noreferrer">
              {s.title}
            </a>
          ) : (
            s.title
          )}
        </span>
      ))}
      {after}
    </p>
  );
}

/** Yes / no under the bot's "shall I get a person?", while it is the last word and unanswered. */
export function OfferReplies({ m, c, s, t }: { m: Message; c: Controller; s: State; t: T }) {
  if (m.attributes?.kind !== 'bot_offer_human') return null;
  const last = s.messages[s.messages.length - 1];
  if (last?.id !== m.id || s.pending.length || s.conversation?.mode === 'human') return null;
  return (
    <div class="k-suggest k-offer">
      <button type="button" onClick={() => c.send(t('offerYes'))}>
        {t('offerYes')}
      </button>
      <button type="button" onClick={() => c.send(t('offerNo'))}>
        {t('offerNo')}
      </button>
    </div>
  );
}
