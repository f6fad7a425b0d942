/** A contact's conversations across every inbox/channel, newest first (GET /api/v1/contacts/:id/conversations). */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { BASE, linkHandler } from '../../lib/router.ts';
import { ErrorNote, useLoad } from '../settings/ui.tsx';

export interface TimelineItem {
  id: string;
  displayId: number;
  status: string;
  priority: string;
  inbox: { id: string; name: string; channelType: string };
  createdAt: string;
  updatedAt: string;
  lastMessage: {
    content: string;
    type: string;
    senderType: string;
    createdAt: string | null;
  } | null;
}
interface Page {
  contactId: string;
  data: TimelineItem[];
  nextCursor: string | null;
}

export function Timeline({
  contactId,
  exclude,
  limit = 25,
  empty,
}: {
  contactId: string;
  exclude?: string;
  limit?: number;
  /** What an empty list means here (default: the plain "nothing here"). */
  empty?: string;
}) {
  const t = useT();
  const [more, setMore] = useState<TimelineItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const first = useLoad(async () => {
    const p = await api<Page>('GET', `/api/v1/contacts/${contactId}/conversations?limit=${limit}`);
    setMore([]);
    setCursor(p.nextCursor);
    return p;
  }, [contactId]);
  const items = [...(first.data?.data ?? []), ...more].filter((c) => c.id !== exclude);
  async function loadMore() {
    if (!cursor) return;
    const p = await api<Page>(
      'GET',
      `/api/v1/contacts/${contactId}/conversations?limit=${limit}&cursor=${encodeURIComponent(cursor)}`,
    );
    setMore((m) => [...m, ...p.data]);
    setCursor(p.nextCursor);
  }
  return (
    <div className="cb-form">
      <ErrorNote error={first.error} />
      <ol
        className="cb-timeline"
        data-testid="timeline"
        style={items.length ? undefined : { display: 'none' }}
      >
        {items.map((c) => (
          <li key={c.id} data-inbox={c.inbox.name}>
            <div className="cb-row" style={{ justifyContent: 'space-between' }}>
              <a
                href={`${BASE}/c/${c.id}`}
                onClick={linkHandler(`/c/${c.id}`)}
                aria-label={t('contacts.open', { id: c.displayId })}
              >
                #{c.displayId}
              </a>
              <span className="cb-row">
                <span className="cb-chip">
                  {c.inbox.name} · {c.inbox.channelType}
                </span>
                <span className={`cb-chip ${c.status}`}>{t(`status.${c.status}`)}</span>
              </span>
            </div>
            {c.lastMessage && (
              <span className="muted" style={{ overflowWrap: 'anywhere' }}>
                {c.lastMessage.content}
              </span>
            )}
            <span className="hint">{formatDateTime(c.updatedAt)}</span>
          </li>
        ))}
      </ol>
      {first.data && items.length === 0 && (
        <p className="muted" data-testid="timeline-empty" style={{ margin: 0 }}>
          {empty ?? t('cb.empty')}
        </p>
      )}
      {cursor && (
        <button
          type="button"
          onClick={() => {
            void loadMore();
          }}
        >
          {t('contacts.more')}
        </button>
      )}
    </div>
  );
}
