/** "Opened from article: <title>" beside a conversation started from the help center (or any page using kefu.setContext). */
import { useCallback, useEffect, useState } from 'react';
import type { ConversationPanelProps } from '../../extensions.ts';
import { addMessages, api, BASE, linkHandler, useRealtime, useT } from '../../lib/index.ts';
import {
  articlePath,
  contextOf,
  contextTitle,
  extraFields,
  safeUrl,
  type PageContext,
} from './context.ts';
import { catalogue } from './strings.ts';

addMessages(catalogue);

export default function ContextPanel({ conversationId }: ConversationPanelProps) {
  const t = useT();
  const [ctx, setCtx] = useState<PageContext | null>(null);
  const load = useCallback(() => {
    api<{ customAttributes?: unknown }>('GET', `/api/v1/conversations/${conversationId}`).then(
      (c) => setCtx(contextOf(c.customAttributes)),
      () => setCtx(null),
    );
  }, [conversationId]);
  useEffect(() => {
    setCtx(null);
    load();
  }, [load]);
  useRealtime((e) => {
    const conv = e.payload?.conversation as { id?: string; customAttributes?: unknown } | undefined;
    if (conv?.id === conversationId && conv.customAttributes !== undefined)
      setCtx(contextOf(conv.customAttributes));
  });
  if (!ctx) return null;
  const kb = articlePath(ctx);
  const url = safeUrl(ctx);
  const title = contextTitle(ctx);
  return (
    <section data-testid="opened-from" aria-label={t('widget.context.title')}>
      <h3>{t('widget.context.title')}</h3>
      <p style={{ margin: 0 }}>
        {t(kb ? 'widget.context.article' : 'widget.context.page')}{' '}
        {kb ? (
          <a href={`${BASE}${kb}`} onClick={linkHandler(kb)}>
            {title}
          </a>
        ) : url ? (
          <a href={url} target="_blank" rel="noopener noreferrer">
            {title}
          </a>
        ) : (
          <strong>{title}</strong>
        )}
      </p>
      {kb && url && (
        <p style={{ margin: 0 }}>
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t('widget.context.public')}
          </a>
        </p>
      )}
      {extraFields(ctx).length > 0 && (
        <dl className="muted" style={{ margin: '4px 0 0', fontSize: 12 }}>
          {extraFields(ctx).map(([k, v]) => (
            <div key={k}>
              <dt style={{ display: 'inline' }}>{k}: </dt>
              <dd style={{ display: 'inline', margin: 0 }}>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted" style={{ margin: '4px 0 0', fontSize: 12 }}>
        {t('widget.context.hint')}
      </p>
    </section>
  );
}
