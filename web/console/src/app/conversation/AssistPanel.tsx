/** AI assist beside the conversation (GET /api/v1/conversations/:id/assist); hidden while the AI feature is absent (404). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useRealtime } from '../../lib/realtime.ts';
import type { AssistResponse } from '../../../../../shared/contracts.ts';

const TREND: Record<string, string> = {
  rising_anger: '↗',
  rising: '↗',
  worsening: '↗',
  calming: '↘',
  improving: '↘',
  stable: '→',
};

export function AssistPanel({
  conversationId,
  onSuggestion,
}: {
  conversationId: string;
  onSuggestion: (text: string) => void;
}) {
  const t = useT();
  const [data, setData] = useState<AssistResponse | null>(null);
  const [absent, setAbsent] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  const load = useCallback(() => {
    api<AssistResponse>('GET', `/api/v1/conversations/${conversationId}/assist`).then(
      (r) => {
        setData(r);
        setAbsent(false);
      },
      (e) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 501)) setAbsent(true);
      },
    );
  }, [conversationId]);
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
              : t(`emotion.${data.emotion.label}`)}{' '}
            {TREND[data.emotion.trend] ?? ''}
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
          {t('assist.intent')}: {data.intent.label}
        </p>
      )}
      {data.summary && (
        <>
          <h3>{t('assist.summary')}</h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>{data.summary.text}</p>
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
