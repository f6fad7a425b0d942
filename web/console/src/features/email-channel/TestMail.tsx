/**
 * "Send test mail" (POST /api/v1/inboxes/:id/email/smtp/send-test-mail): success, or what went
 * wrong in plain words (by the failure's code) with the relay's own words beneath.
 */
import { useState } from 'react';
import { ApiError, api, useMe, useT } from '../../lib/index.ts';
import { Field, errorWords, fieldErrors } from './form.tsx';

type Outcome = { ok: true; response: string } | { ok: false; error: unknown };

export function TestMail({ inboxId, configured }: { inboxId: string; configured: boolean }) {
  const t = useT();
  const me = useMe();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const address = to || me?.user.email || '';
  async function send() {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await api<{ ok: true; smtpResponse: string }>(
        'POST',
        `/api/v1/inboxes/${inboxId}/email/smtp/send-test-mail`,
        { to: address.trim() },
      );
      setOutcome({ ok: true, response: r.smtpResponse });
    } catch (e) {
      setOutcome({ ok: false, error: e });
    } finally {
      setBusy(false);
    }
  }
  const failed = outcome && !outcome.ok ? outcome.error : null;
  const said =
    failed instanceof ApiError
      ? ((failed.details as { smtpResponse?: string } | undefined)?.smtpResponse ?? '')
      : '';
  return (
    <div className="cb-form" data-testid="email-test-mail">
      <Field id="email-test-to" label={t('email.test.to')} error={fieldErrors(failed).to}>
        {(a) => (
          <input {...a} type="email" value={address} onChange={(e) => setTo(e.target.value)} />
        )}
      </Field>
      <div className="cb-row">
        <button type="button" disabled={busy || !configured} onClick={() => void send()}>
          {busy ? t('email.test.sending') : t('email.test.send')}
        </button>
        {!configured && <span className="hint">{t('email.test.saveFirst')}</span>}
      </div>
      <div aria-live="polite">
        {outcome?.ok && (
          <div className="em-outcome ok" role="status" data-testid="email-test-result">
            <p>{t('email.test.ok')}</p>
            {outcome.response && (
              <p className="em-said">{t('email.relaySaid', { response: outcome.response })}</p>
            )}
          </div>
        )}
        {failed != null && (
          <div className="em-outcome error" role="alert" data-testid="email-test-result">
            <p>
              <strong>{t('email.test.failed')}</strong> {errorWords(failed)}
            </p>
            {said && <p className="em-said">{t('email.relaySaid', { response: said })}</p>}
          </div>
        )}
      </div>
    </div>
  );
}
