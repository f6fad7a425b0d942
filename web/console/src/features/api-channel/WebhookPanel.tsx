/** The webhook of an API inbox: its URL (the first one comes with a signing secret, shown once), replacing the secret, turning it off. */
import { useState } from 'react';
import { api, formatDateTime, useT } from '../../lib/index.ts';
import { ErrorNote, Saved, Section, useAction } from '../../pages/settings/ui.tsx';
import { Confirm, ShownOnce } from './ShownOnce.tsx';
import type { ApiSettings } from './types.ts';

type Answer = { secret: string | null; settings: ApiSettings };

export function WebhookPanel({
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
  const [url, setUrl] = useState(settings.webhook?.url ?? '');
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const hook = settings.webhook;

  const apply = (r: Answer) => {
    if (r.secret) setSecret(r.secret);
    onChange(r.settings);
  };
  const save = (value: string | null) =>
    act.run(async () => {
      const r = await api<Answer>('PUT', `${base}/webhook`, { url: value });
      if (value === null) {
        setUrl('');
        setSecret(null);
      }
      apply(r);
    });
  const rotate = () =>
    void act.run(async () => {
      apply(await api<Answer>('POST', `${base}/webhook/secret`));
      setConfirming(false);
    });

  return (
    <Section title={t('apiChannel.webhook')} id="api-webhook-h">
      <p className="hint">{t('apiChannel.webhookHint')}</p>
      <form
        className="cb-form"
        data-testid="api-webhook-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(url.trim());
        }}
      >
        <label>
          {t('apiChannel.webhookUrl')}
          <input
            type="url"
            required
            maxLength={2000}
            value={url}
            placeholder="https://app.example.com/kefu/webhook"
            onChange={(e) => {
              setUrl(e.target.value);
              act.setDone(false);
            }}
            spellCheck={false}
          />
        </label>
        <div className="cb-row">
          <button type="submit" className="primary" disabled={act.busy || !url.trim()}>
            {t('apiChannel.webhookSave')}
          </button>
          {hook && (
            <button type="button" disabled={act.busy} onClick={() => void save(null)}>
              {t('apiChannel.webhookRemove')}
            </button>
          )}
          <Saved show={act.done} />
        </div>
      </form>
      {!hook && <p className="muted">{t('apiChannel.webhookNone')}</p>}
      {secret && (
        <ShownOnce label={t('apiChannel.newSecret')} value={secret} testId="api-new-secret" />
      )}
      {hook && (
        <div className="cb-form">
          {hook.secretRotatedAt && (
            <p className="muted">
              {t('apiChannel.secretRotated', { time: formatDateTime(hook.secretRotatedAt) })}
            </p>
          )}
          {hook.previousSecretUntil && (
            <p className="muted">
              {t('apiChannel.previousUntil', { time: formatDateTime(hook.previousSecretUntil) })}
            </p>
          )}
          {confirming ? (
            <Confirm
              text={t('apiChannel.secretRotateWarn')}
              confirm={t('apiChannel.confirmRotate')}
              onConfirm={rotate}
              onCancel={() => setConfirming(false)}
              busy={act.busy}
            />
          ) : (
            <div className="cb-row">
              <button type="button" disabled={act.busy} onClick={() => setConfirming(true)}>
                {t('apiChannel.secretRotate')}
              </button>
            </div>
          )}
        </div>
      )}
      <ErrorNote error={act.error} />
    </Section>
  );
}
