/**
 * Beside a WeChat conversation: how many replies the platform still takes and when the window
 * closes (GET /api/v1/conversations/:id/wechat-window, words from the server in both languages),
 * and, when it is closed, the customer's other channels. Nothing for other channels' conversations.
 * Refreshed when a message of this conversation is created or updated, and every minute.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ConversationPanelProps } from '../../extensions.ts';
import { addMessages, api, navigate, useLocale, useRealtime, useT } from '../../lib/index.ts';
import { catalogue } from './strings.ts';

addMessages(catalogue);

type Both = { 'zh-CN': string; en: string };
type Fallback =
  | { type: 'conversation'; conversationId: string; inboxName: string; status: string }
  | { type: 'email'; address: string }
  | { type: 'phone'; number: string };
interface WindowAnswer {
  applies: boolean;
  window: { open: boolean; remaining: number; closesAt: string | null; text: Both } | null;
  fallback: Fallback[];
}

export default function ReplyWindowPanel({ conversationId }: ConversationPanelProps) {
  const t = useT();
  const locale = useLocale();
  const [w, setW] = useState<WindowAnswer | null>(null);
  const load = useCallback(() => {
    api<WindowAnswer>('GET', `/api/v1/conversations/${conversationId}/wechat-window`).then(
      setW,
      () => setW(null),
    );
  }, [conversationId]);
  useEffect(() => {
    setW(null);
    load();
    const i = setInterval(load, 60_000);
    return () => clearInterval(i);
  }, [load]);
  useRealtime((e) => {
    const p = e.payload as { conversation?: { id?: string } } | undefined;
    if (/^message\.(created|updated)$/.test(e.type) && p?.conversation?.id === conversationId)
      load();
  });
  if (!w?.applies || !w.window) return null;
  const others = w.window.open ? [] : w.fallback;
  return (
    <section aria-labelledby="wechat-window-title" data-testid="wechat-window">
      <h3 id="wechat-window-title">{t('wechat.panel.title')}</h3>
      <p style={{ margin: 0 }} data-testid="wechat-window-text">
        <strong>{w.window.text[locale]}</strong>
      </p>
      {others.length > 0 && (
        <>
          <p style={{ margin: '0.5em 0 0' }}>{t('wechat.panel.others')}</p>
          <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
            {others.map((f) => (
              <li key={f.type === 'conversation' ? f.conversationId : f.type}>
                {f.type === 'conversation' ? (
                  <a
                    href={`/app/c/${f.conversationId}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      navigate(`/c/${f.conversationId}`);
                    }}
                  >
                    {f.inboxName}
                  </a>
                ) : f.type === 'email' ? (
                  t('wechat.panel.email', { address: f.address })
                ) : (
                  t('wechat.panel.phone', { number: f.number })
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
