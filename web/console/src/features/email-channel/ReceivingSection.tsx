/**
 * Settings → an email inbox → Receiving (GET/PUT /api/v1/inboxes/:id/email): the address and
 * aliases, "trust senders" (explained), the subject window and the raw-mail webhook URL.
 */
import { useEffect, useState } from 'react';
import { api, useT } from '../../lib/index.ts';
import { CopyButton, Saved, Section, useAction, useLoad } from '../../pages/settings/ui.tsx';
import { Field, fieldErrors, MailError } from './form.tsx';

interface Receiving {
  address: string | null;
  aliases: string[];
  trustSenders: boolean;
  subjectWindowHours: number;
  webhookPath: string;
}

export function ReceivingSection({ inboxId, name }: { inboxId: string; name: string }) {
  const t = useT();
  const base = `/api/v1/inboxes/${inboxId}/email`;
  const loaded = useLoad(() => api<Receiving>('GET', base), [inboxId]);
  const s = loaded.data;
  const [form, setForm] = useState({ address: '', aliases: '', trust: false, window: '0' });
  useEffect(() => {
    if (s)
      setForm({
        address: s.address ?? '',
        aliases: s.aliases.join('\n'),
        trust: s.trustSenders,
        window: String(s.subjectWindowHours),
      });
  }, [s]);
  const act = useAction();
  const errors = fieldErrors(act.error);
  const save = () =>
    void act.run(async () => {
      const hours = Number(form.window);
      const r = await api<Receiving>('PUT', base, {
        address: form.address.trim() || null,
        aliases: form.aliases
          .split(/[\s,]+/)
          .map((a) => a.trim())
          .filter(Boolean),
        trustSenders: form.trust,
        subjectWindowHours: form.window.trim() && Number.isInteger(hours) ? hours : -1,
      });
      loaded.setData(r);
    });
  const url = s ? `${window.location.origin}${s.webhookPath}` : '';
  return (
    <Section title={`${t('email.in.title')} · ${name}`} id="email-in-h">
      <p className="hint">{t('email.in.hint')}</p>
      <MailError error={loaded.error} />
      <form
        className="cb-form"
        noValidate
        data-testid="email-receiving"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Field id="email-in-address" label={t('email.in.address')} error={errors.address}>
          {(a) => (
            <input
              {...a}
              type="email"
              value={form.address}
              onChange={(e) => setForm({ ...form, address: e.target.value })}
            />
          )}
        </Field>
        <Field id="email-in-aliases" label={t('email.in.aliases')} error={errors.aliases}>
          {(a) => (
            <textarea
              {...a}
              rows={2}
              value={form.aliases}
              onChange={(e) => setForm({ ...form, aliases: e.target.value })}
            />
          )}
        </Field>
        <label className="cb-check">
          <input
            type="checkbox"
            checked={form.trust}
            aria-describedby="email-in-trust-hint"
            onChange={(e) => setForm({ ...form, trust: e.target.checked })}
          />
          {t('email.in.trust')}
        </label>
        <p className="hint" id="email-in-trust-hint">
          {t('email.in.trustHint')}
        </p>
        <Field
          id="email-in-window"
          label={t('email.in.window')}
          hint={t('email.in.windowHint')}
          error={errors.subjectWindowHours}
        >
          {(a) => (
            <input
              {...a}
              type="number"
              min={0}
              max={720}
              value={form.window}
              onChange={(e) => setForm({ ...form, window: e.target.value })}
            />
          )}
        </Field>
        <div className="cb-row">
          <button type="submit" className="primary" disabled={act.busy || !s}>
            {t('email.save')}
          </button>
          <Saved show={act.done} />
        </div>
        <MailError error={act.error} />
      </form>
      {s && (
        <>
          <span className="cb-field">{t('email.in.webhook')}</span>
          <div className="cb-row">
            <code data-testid="email-webhook-url">{url}</code>
            <CopyButton text={url} label={t('email.in.webhook')} />
          </div>
          <p className="hint">{t('email.in.webhookHint')}</p>
        </>
      )}
    </Section>
  );
}
