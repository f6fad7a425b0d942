/**
 * While the open conversation waits in the human queue: its position and how long the customer has
 * waited (ticking), and the queue's estimate (GET /api/v1/conversations/:id/queue). Nothing is shown
 * once it is assigned or with the bot. Refreshed when the queue moves (queue, assignment, status
 * events of any conversation) and every 30 s.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ConversationPanelProps } from '../../extensions.ts';
import { addMessages, api, useRealtime, useT } from '../../lib/index.ts';
import { catalogue } from './queue-panel.strings.ts';

addMessages(catalogue);

interface QueuePosition {
  queued: boolean;
  position: number | null;
  queueLength: number;
  waitedSeconds: number | null;
  estimatedWaitSeconds: number | null;
}

const MOVES = /^conversation\.(queued|assigned|handover_requested|status_changed|updated)$/;

function useDuration() {
  const t = useT();
  return (seconds: number) => {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return t('routing.queuePanel.seconds', { s });
    if (s < 3600)
      return t('routing.queuePanel.minutes', {
        m: Math.floor(s / 60),
        s: String(s % 60).padStart(2, '0'),
      });
    return t('routing.queuePanel.hours', {
      h: Math.floor(s / 3600),
      m: Math.floor((s % 3600) / 60),
    });
  };
}

export default function QueuePanel({ conversationId }: ConversationPanelProps) {
  const t = useT();
  const duration = useDuration();
  const [q, setQ] = useState<{ at: number; data: QueuePosition } | null>(null);
  const [, tick] = useState(0);
  const load = useCallback(() => {
    api<QueuePosition>('GET', `/api/v1/conversations/${conversationId}/queue`).then(
      (data) => setQ({ at: performance.now(), data }),
      () => setQ(null),
    );
  }, [conversationId]);
  useEffect(() => {
    setQ(null);
    load();
    const i = setInterval(load, 30_000);
    return () => clearInterval(i);
  }, [load]);
  const queued = !!q?.data.queued;
  useEffect(() => {
    if (!queued) return;
    const i = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(i);
  }, [queued]);
  useRealtime((e) => {
    if (MOVES.test(e.type)) load();
  });
  if (!q?.data.queued || q.data.position == null) return null;
  const waited =
    q.data.waitedSeconds == null ? null : q.data.waitedSeconds + (performance.now() - q.at) / 1000;
  return (
    <section aria-labelledby="queue-panel-title" data-testid="queue-panel">
      <h3 id="queue-panel-title">{t('routing.queuePanel.title')}</h3>
      <p style={{ margin: 0 }}>
        <strong>
          {t('routing.queuePanel.position', { n: q.data.position, total: q.data.queueLength })}
        </strong>
      </p>
      {waited != null && (
        <p style={{ margin: 0 }} data-testid="queue-waited">
          {t('routing.queuePanel.waited', { time: duration(waited) })}
        </p>
      )}
      <p className="muted" style={{ margin: 0 }}>
        {q.data.estimatedWaitSeconds != null
          ? t('routing.queuePanel.estimate', { time: duration(q.data.estimatedWaitSeconds) })
          : t('routing.queuePanel.noEstimate')}
      </p>
    </section>
  );
}
