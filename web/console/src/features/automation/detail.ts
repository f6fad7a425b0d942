/** An automation audit row's detail in words: which actions ran, how webhooks went, why it stopped. */
import type { t as T } from '../../lib/index.ts';

type Translate = typeof T;

interface Detail {
  actions?: string[];
  webhooks?: Array<{ url: string; ok: boolean; status: number | null; error?: string }>;
  limit?: number;
  error?: string;
}

/** A code's translation (`<prefix>.<code>`), or the code made readable. */
function label(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  const text = t(key);
  if (text !== key) return text;
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const actionName = (t: Translate, type: string) => label(t, 'auto.action', type);

export function describeDetail(t: Translate, raw: unknown): string {
  if (!raw || typeof raw !== 'object') return '';
  const d = raw as Detail;
  const parts: string[] = [];
  if (d.actions?.length)
    parts.push(
      t('auto.detail.ran', {
        actions: d.actions.map((a) => actionName(t, a)).join(t('auto.detail.sep')),
      }),
    );
  for (const w of d.webhooks ?? []) {
    const host = (() => {
      try {
        return new URL(w.url).host;
      } catch {
        return w.url;
      }
    })();
    parts.push(
      w.ok
        ? t('auto.detail.webhookOk', { host, status: w.status ?? '' })
        : t('auto.detail.webhookFailed', {
            host,
            reason: w.status != null ? `HTTP ${w.status}` : label(t, 'error', w.error ?? 'unknown'),
          }),
    );
  }
  if (d.limit != null) parts.push(t('auto.detail.loop', { limit: d.limit }));
  if (d.error) parts.push(t('auto.detail.error', { reason: label(t, 'error', d.error) }));
  return parts.join(' · ');
}
