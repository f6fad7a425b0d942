/**
 * Where the iframe app runs (inbox token, the embedding page's origin) and what it persists: the
 * visitor token, the offline outbox, small preferences and the last page context sent.
 */
export const params = new URLSearchParams(location.search);
export const INBOX = params.get('inbox') ?? '';
/** The embedding page's origin, told at load; checked against ancestorOrigins and the allow-list on the server. */
export const PAGE_ORIGIN = pageOrigin(params.get('origin'));

function pageOrigin(told: string | null): string | null {
  if (!told || !/^https?:\/\/[^/\s]+$/.test(told)) return null;
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length && ancestors[0] !== told) return null;
  return told;
}

/**
 * Persistence: the iframe's own localStorage when the browser allows it; browsers that block
 * third-party storage get it from the loader instead, which keeps a mirror in the embedding page's
 * localStorage (handshake `hello` → `init`, then `store` on every change).
 */
const STORED_KEYS = ['token', 'tokenRenewAt', 'outbox', 'prechat', 'sound', 'locale', 'context'];
const key = (k: string) => `kefu:${INBOX}:${k}`;
const memory = new Map<string, string>();
let localOk = false;
try {
  localStorage.setItem('kefu:probe', '1');
  localStorage.removeItem('kefu:probe');
  localOk = true;
} catch {
  /* blocked third-party storage */
}

export function initStore(timeoutMs = 1500): Promise<void> {
  if (localOk)
    for (const k of STORED_KEYS) {
      const v = localStorage.getItem(key(k));
      if (v != null) memory.set(k, v);
    }
  if (!PAGE_ORIGIN || window.parent === window) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('message', onInit);
      clearTimeout(timer);
      resolve();
    };
    const onInit = (e: MessageEvent) => {
      if (e.origin !== PAGE_ORIGIN || e.source !== window.parent) return;
      const d = e.data as { kefu?: number; type?: string; stored?: Record<string, unknown> } | null;
      if (!d || d.kefu !== 1 || d.type !== 'init') return;
      for (const k of STORED_KEYS) {
        const v = d.stored?.[k];
        if (typeof v === 'string' && v.length < 200_000 && !memory.has(k)) memory.set(k, v);
      }
      done();
    };
    const timer = setTimeout(done, timeoutMs);
    window.addEventListener('message', onInit);
    window.parent.postMessage({ kefu: 1, type: 'hello' }, PAGE_ORIGIN);
  });
}

export const store = {
  get<T>(k: string, fallback: T): T {
    try {
      const v = memory.get(k);
      return v == null ? fallback : (JSON.parse(v) as T);
    } catch {
      return fallback;
    }
  },
  set(k: string, v: unknown) {
    const text = v == null ? null : JSON.stringify(v);
    if (text == null) memory.delete(k);
    else memory.set(k, text);
    if (localOk) {
      try {
        if (text == null) localStorage.removeItem(key(k));
        else localStorage.setItem(key(k), text);
      } catch {
        /* quota */
      }
    }
    if (PAGE_ORIGIN && window.parent !== window)
      window.parent.postMessage({ kefu: 1, type: 'store', key: k, value: text }, PAGE_ORIGIN);
  },
};
