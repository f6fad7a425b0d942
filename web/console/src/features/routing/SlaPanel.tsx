/** SLA timers of the open conversation: state, warning, remaining business time; refreshed by SLA events. */
import { useCallback, useEffect, useState } from 'react';
import type { ConversationPanelProps } from '../../extensions.ts';
import { addMessages, useRealtime, useT } from '../../lib/index.ts';
import { routingApi, type SlaTimer } from './api.ts';
import './routing.css';
import { catalogue } from './strings.ts';

addMessages(catalogue);

const duration = (ms: number) => {
  if (Math.abs(ms) < 60_000) return `${Math.round(Math.abs(ms) / 1000)} s`;
  const m = Math.round(Math.abs(ms) / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

export default function SlaPanel({ conversationId }: ConversationPanelProps) {
  const t = useT();
  const [timers, setTimers] = useState<SlaTimer[] | null>(null);
  const load = useCallback(() => {
    routingApi.sla(conversationId).then(
      (r) => setTimers(r.data),
      () => setTimers([]),
    );
  }, [conversationId]);
  useEffect(() => {
    load();
    const i = setInterval(load, 30_000);
    return () => clearInterval(i);
  }, [load]);
  useRealtime((e) => {
    if (
      e.payload?.conversationId === conversationId ||
      e.payload?.conversation?.id === conversationId
    ) {
      if (
        e.type.startsWith('sla.') ||
        e.type === 'message.created' ||
        e.type === 'conversation.status_changed'
      )
        load();
    }
  });
  if (!timers) return null;
  if (!timers.length) return <p className="rt-hint">{t('routing.sla.none')}</p>;
  return (
    <ul className="rt-sla">
      {timers.map((x) => {
        const cls =
          x.state === 'breached'
            ? 'rt-angry'
            : x.warned && x.state === 'running'
              ? 'rt-warn'
              : x.state === 'met'
                ? 'rt-ok'
                : '';
        return (
          <li key={x.kind} className="rt-row">
            <strong>{t(`routing.sla.${x.kind}`)}</strong>
            <span className={`rt-tag ${cls}`}>
              {x.warned && x.state === 'running'
                ? t('routing.sla.warned')
                : t(`routing.sla.${x.state}`)}
            </span>
            {x.remainingMs != null && (x.state === 'running' || x.state === 'paused') && (
              <span className="rt-hint">
                {x.remainingMs >= 0
                  ? t('routing.sla.left', { time: duration(x.remainingMs) })
                  : t('routing.sla.over', { time: duration(x.remainingMs) })}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
