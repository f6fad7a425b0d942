/** Small shared pieces for the settings, supervisor, contacts and profile pages. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import './ui.css';

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const details = Array.isArray(err.details)
      ? (err.details as Array<{ path?: string; message?: string }>)
          .map((d) => `${d.path ?? ''} ${d.message ?? ''}`.trim())
          .join('; ')
      : '';
    return details ? `${err.message} (${details})` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Loads data once (and on `reload()`); keeps the previous value while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let live = true;
    loader.current().then(
      (d) => {
        if (live) {
          setData(d);
          setError(null);
        }
      },
      (e) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, ...deps]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload, setData };
}

/** Runs an action, exposing busy / error / done state for a form. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const r = await fn();
      setDone(true);
      return r;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run, setDone };
}

export function ErrorNote({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="cb-error" role="alert">
      {t('cb.error', { message: errorText(error) })}
    </p>
  );
}

export function Saved({ show }: { show: boolean }) {
  const t = useT();
  return (
    <span className="cb-saved" role="status" aria-live="polite">
      {show ? t('cb.saved') : ''}
    </span>
  );
}

export function CopyButton({
  text,
  label,
  testId,
}: {
  text: string;
  label?: string;
  testId?: string;
}) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const ta = document.createElement('textarea');
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      try {
        document.execCommand('copy');
      } finally {
        ta.remove();
      }
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button
      type="button"
      onClick={() => {
        void copy();
      }}
      data-testid={testId}
      aria-label={label ? `${t('cb.copy')}: ${label}` : t('cb.copy')}
    >
      {copied ? t('cb.copied') : t('cb.copy')}
    </button>
  );
}

export function Section({
  title,
  children,
  id,
}: {
  title: string;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="cb-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export { formatDuration } from './ui-format.ts';
