/**
 * Small pieces the email settings forms share: the error of a request in words (a code maps to a
 * sentence, never shown as the code itself), the fields a 400 named, and a note under a field.
 */
import type { ReactNode } from 'react';
import { ApiError, t, useT } from '../../lib/index.ts';

const FIELD_WORDS: Record<string, string> = {
  host: 'email.field.host',
  port: 'email.field.port',
  address: 'email.field.address',
  aliases: 'email.field.address',
  fromAddress: 'email.field.address',
  to: 'email.field.address',
  subjectWindowHours: 'email.field.hours',
  selector: 'email.field.selector',
  domain: 'email.field.domain',
};

/** The fields a 400 `invalid_request` named (`body.port`, `body.dkim.selector`): field → words. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.code !== 'invalid_request' || !Array.isArray(err.details))
    return {};
  const out: Record<string, string> = {};
  for (const d of err.details as Array<{ path?: string; message?: string }>) {
    const parts = (d.path ?? '').replace(/^body\.?/, '').split('.');
    const name = parts.filter((p) => !/^\d+$/.test(p)).join('.') || 'form';
    const last = name.split('.').at(-1) ?? name;
    const key = /required/i.test(d.message ?? '')
      ? 'email.field.required'
      : (FIELD_WORDS[last] ?? 'email.field.invalid');
    out[name] ??= t(key);
  }
  return out;
}

/** A request's failure in the reader's words (the code's sentence; the server's only if unknown). */
export function errorWords(err: unknown): string {
  if (!(err instanceof ApiError)) return t('email.code.unknown');
  const key = `email.code.${err.code}`;
  const words = t(key);
  if (words !== key) return words;
  if (err.code === 'not_found' || err.status === 404) return t('email.code.not_found');
  if (err.status === 403) return t('email.code.forbidden');
  return t('email.code.unknown');
}

export function MailError({ error, testId }: { error: unknown; testId?: string }) {
  useT();
  if (!error) return null;
  return (
    <p className="cb-error" role="alert" data-testid={testId}>
      {errorWords(error)}
    </p>
  );
}

/** A labelled field with its hint and its error beside it (aria-describedby, aria-invalid). */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: (aria: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="cb-field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="cb-error em-field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}
