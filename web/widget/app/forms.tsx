/** The pre-chat form and the leave-a-message (offline) form: one profile form with checks. */
import { useId, useState } from 'preact/hooks';
import type { Controller, State } from './controller.ts';
import type { T } from './strings.ts';

const when = (ms: number, locale: string) => {
  try {
    return new Date(ms).toLocaleString(locale, {
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  } catch {
    return '';
  }
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function ProfileForm({
  fields,
  required,
  t,
  title,
  body,
  withMessage,
  submitLabel,
  onSubmit,
}: {
  fields: string[];
  required: string[];
  t: T;
  title: string;
  body?: string;
  withMessage?: boolean;
  submitLabel: string;
  onSubmit: (v: Record<string, string>) => Promise<void>;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const idPrefix = useId();
  const all = withMessage ? [...fields, 'message'] : fields;
  const label = (f: string) =>
    f === 'name'
      ? t('name')
      : f === 'email'
        ? t('email')
        : f === 'phone'
          ? t('phone')
          : t('message');
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    for (const f of all) {
      const v = (values[f] ?? '').trim();
      if (!v && (required.includes(f) || f === 'message')) errs[f] = t('fieldRequired');
      else if (f === 'email' && v && !EMAIL.test(v)) errs[f] = t('emailInvalid');
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="k-card k-form" onSubmit={submit} noValidate>
      <h2>{title}</h2>
      {body ? <p class="k-muted">{body}</p> : null}
      {all.map((f) => (
        <label key={f} class="k-field" htmlFor={`${idPrefix}-${f}`}>
          <span>
            {label(f)}
            {required.includes(f) || f === 'message' ? t('required') : ''}
          </span>
          {f === 'message' ? (
            <textarea
              id={`${idPrefix}-${f}`}
              name={f}
              rows={3}
              maxLength={5000}
              aria-invalid={!!errors[f]}
              onInput={(e) =>
                setValues({ ...values, [f]: (e.target as HTMLTextAreaElement).value })
              }
            />
          ) : (
            <input
              id={`${idPrefix}-${f}`}
              name={f}
              type={f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}
              autoComplete={f === 'phone' ? 'tel' : f}
              maxLength={200}
              aria-invalid={!!errors[f]}
              onInput={(e) => setValues({ ...values, [f]: (e.target as HTMLInputElement).value })}
            />
          )}
          {errors[f] ? (
            <span class="k-error" role="alert">
              {errors[f]}
            </span>
          ) : null}
        </label>
      ))}
      <button type="submit" class="k-primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/** Nobody online (or the visitor chose not to wait): name, email and message, answered by email. */
export function OfflineForm({ c, t, s }: { c: Controller; t: T; s: State }) {
  return (
    <ProfileForm
      fields={['name', 'email']}
      required={['name', 'email']}
      withMessage
      t={t}
      title={s.availability?.reason === 'out_of_hours' ? t('outOfHoursTitle') : t('offlineTitle')}
      body={
        s.availability?.nextOpenAt
          ? `${t('backAt', { when: when(s.availability.nextOpenAt, s.locale) })} ${t('offlineBody')}`
          : t('offlineBody')
      }
      submitLabel={t('offlineSend')}
      onSubmit={(v) =>
        c.leaveMessage({
          name: v.name.trim(),
          email: v.email.trim(),
          content: v.message.trim(),
        })
      }
    />
  );
}

/** The inbox's pre-chat form (its fields and required ones), before the first message. */
export function PrechatForm({
  c,
  t,
  form,
}: {
  c: Controller;
  t: T;
  form: { fields: string[]; required: string[] };
}) {
  return (
    <ProfileForm
      fields={form.fields}
      required={form.required}
      t={t}
      title={t('prechatTitle')}
      submitLabel={t('start')}
      onSubmit={(v) => c.submitPrechat(v)}
    />
  );
}
