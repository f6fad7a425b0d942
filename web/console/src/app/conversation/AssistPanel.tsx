/**
 * AI assist beside the conversation (GET /api/v1/conversations/:id/assist, in the console's language);
 * hidden while the AI feature is absent (404). The summary in its labelled parts (problem, tried,
 * status, next step), the intent in words.
 */
import { type LucideIcon, MoveRight, TrendingDown, TrendingUp } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { addMessages, useLocale, useT } from '../../lib/i18n.ts';
import { useRealtime } from '../../lib/realtime.ts';
import type { AssistResponse } from '../../../../../shared/contracts.ts';
import { catalogue } from './assist.strings.ts';
import './assist.css';

addMessages(catalogue);

const PARTS = ['problem', 'tried', 'status', 'next'] as const;

/** The intent in words: the catalogue's name, else the label made readable ("card_linking" → "Card linking"). */
function intentName(t: (key: string) => string, label: string): string {
  const key = `assist.intent.${label}`;
  const named = t(key);
  if (named !== key) return named;
  const words = label.replace(/[_.-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : label;
}

/** The trend's direction beside the emotion (decoration: the trend is also written out). */
const TREND: Record<string, LucideIcon> = {
  rising_anger: TrendingUp,
  rising: TrendingUp,
  worsening: TrendingUp,
  calming: TrendingDown,
  improving: TrendingDown,
  stable: MoveRight,
};

function trendIcon(trend: string) {
  const I = TREND[trend];
  return I ? <I className="icon" aria-hidden="true" style={{ width: 14, height: 14 }} /> : null;
}

export function AssistPanel({
  conversationId,
  onSuggestion,
}: {
  conversationId: string;
  onSuggestion: (text: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [data, setData] = useState<AssistResponse | null>(null);
  const [absent, setAbsent] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  const load = useCallback(() => {
    api<AssistResponse>(
      'GET',
      `/api/v1/conversations/${conversationId}/assist?locale=${encodeURIComponent(locale)}`,
    ).then(
      (r) => {
        setData(r);
        setAbsent(false);
      },
      (e) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 501)) setAbsent(true);
      },
    );
  }, [conversationId, locale]);
  useEffect(() => {
    load();
    return () => window.clearTimeout(timer.current);
  }, [load]);
  useRealtime((e) => {
    if (
      e.type === 'message.created' &&
      e.payload.message?.conversationId === conversationId &&
      e.payload.message.type === 'incoming'
    ) {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(load, 800);
    }
  });

  if (absent || !data) return null;
  return (
    <section aria-labelledby="assist-title" data-testid="assist">
      <h3 id="assist-title">{t('assist.title')}</h3>
      {data.humanRequested && <p className="chip prio-high">{t('assist.humanRequested')}</p>}
      {data.emotion && (
        <p>
          <span
            className="chip emotion"
            title={t('assist.intensity', { n: Math.round(data.emotion.intensity * 100) })}
          >
            {t(`emotion.${data.emotion.label}`) === `emotion.${data.emotion.label}`
              ? data.emotion.label
              : t(`emotion.${data.emotion.label}`)}
            {trendIcon(data.emotion.trend)}
          </span>{' '}
          <span className="muted">
            {t('assist.trend')}:{' '}
            {t(`trend.${data.emotion.trend}`) === `trend.${data.emotion.trend}`
              ? data.emotion.trend
              : t(`trend.${data.emotion.trend}`)}
          </span>
        </p>
      )}
      {data.intent && (
        <p className="muted">
          {t('assist.intent')}:{' '}
          <span data-testid="assist-intent">{intentName(t, data.intent.label)}</span>
        </p>
      )}
      {data.summary && (
        <>
          <h3>{t('assist.summary')}</h3>
          {data.summary.parts ? (
            <dl className="assist-summary" data-testid="assist-summary">
              {PARTS.map((k) => (
                <div key={k}>
                  <dt>{t(`assist.part.${k}`)}</dt>
                  <dd>{data.summary?.parts?.[k]}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p style={{ whiteSpace: 'pre-wrap' }} data-testid="assist-summary">
              {data.summary.text}
            </p>
          )}
        </>
      )}
      {data.suggestions.length > 0 && (
        <>
          <h3>{t('assist.suggestions')}</h3>
          {data.suggestions.map((s, i) => (
            <button
              key={i}
              type="button"
              className="suggestion"
              onClick={() => onSuggestion(s.text)}
              title={t('assist.insert')}
            >
              {s.text}
            </button>
          ))}
        </>
      )}
    </section>
  );
}
