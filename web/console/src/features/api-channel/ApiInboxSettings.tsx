/**
 * Settings → Inboxes, for an API inbox: the endpoint and inbox token (created or replaced, shown
 * once), the webhook (URL, signing secret shown once and replaceable) and the failed deliveries
 * with Redeliver. Admins only; every change applies at once on the server.
 */
import { useState } from 'react';
import type { InboxSettingsProps } from '../../extensions.ts';
import { addMessages, api, formatDateTime, useT } from '../../lib/index.ts';
import { ErrorNote, Section, useAction, useLoad } from '../../pages/settings/ui.tsx';
import '../../pages/settings/ui.css';
import './api-channel.css';
import { DeadDeliveries } from './DeadDeliveries.tsx';
import { Confirm, ShownOnce } from './ShownOnce.tsx';
import { catalogue } from './strings.ts';
import type { ApiSettings } from './types.ts';
import { WebhookPanel } from './WebhookPanel.tsx';

addMessages(catalogue);

export default function ApiInboxSettings({ inbox }: InboxSettingsProps) {
  const t = useT();
  const base = `/api/v1/inboxes/${inbox.id}/api-channel`;
  const settings = useLoad(() => api<ApiSettings>('GET', base), [inbox.id]);
  const s = settings.data;
  return (
    <>
      <Section title={`${t('apiChannel.title')} · ${inbox.name}`} id="api-channel-h">
        <p className="hint">{t('apiChannel.hint')}</p>
        <ErrorNote error={settings.error} />
        <span className="cb-field">{t('apiChannel.endpoint')}</span>
        <pre className="cb-code" data-testid="api-endpoint">
          {`POST ${window.location.origin}/api/v1/channels/api/${inbox.id}/messages`}
        </pre>
        {s && <TokenPanel base={base} settings={s} onChange={settings.setData} />}
      </Section>
      {s && <WebhookPanel base={base} settings={s} onChange={settings.setData} />}
      {s && <DeadDeliveries base={base} counts={s.deliveries} onChanged={settings.reload} />}
    </>
  );
}

function TokenPanel({
  base,
  settings,
  onChange,
}: {
  base: string;
  settings: ApiSettings;
  onChange: (s: ApiSettings) => void;
}) {
  const t = useT();
  const act = useAction();
  const [confirming, setConfirming] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const rotate = () =>
    void act.run(async () => {
      const r = await api<{ token: string; settings: ApiSettings }>('POST', `${base}/token`);
      setConfirming(false);
      setToken(r.token);
      onChange(r.settings);
    });
  return (
    <div className="cb-form" data-testid="api-token">
      <span className="cb-field">{t('apiChannel.token')}</span>
      <p className="muted" data-testid="api-token-state">
        {settings.token.set
          ? t('apiChannel.tokenSet', {
              hint: settings.token.hint ?? '',
              time: settings.token.rotatedAt ? formatDateTime(settings.token.rotatedAt) : '',
            })
          : t('apiChannel.tokenNone')}
      </p>
      {token && <ShownOnce label={t('apiChannel.newToken')} value={token} testId="api-new-token" />}
      {confirming ? (
        <Confirm
          text={t('apiChannel.tokenRotateWarn')}
          confirm={t('apiChannel.confirmRotate')}
          onConfirm={rotate}
          onCancel={() => setConfirming(false)}
          busy={act.busy}
        />
      ) : (
        <div className="cb-row">
          <button
            type="button"
            className={settings.token.set ? undefined : 'primary'}
            disabled={act.busy}
            onClick={() => (settings.token.set ? setConfirming(true) : rotate())}
          >
            {settings.token.set ? t('apiChannel.tokenRotate') : t('apiChannel.tokenCreate')}
          </button>
        </div>
      )}
      <ErrorNote error={act.error} />
    </div>
  );
}
