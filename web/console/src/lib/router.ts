/** A tiny history router. Paths are relative to the /app base ('/inbox', '/settings/inboxes'). */
import { useSyncExternalStore, type MouseEvent } from 'react';

export const BASE = '/app';
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

export function currentPath(): string {
  const p = window.location.pathname;
  const rel = p.startsWith(BASE) ? p.slice(BASE.length) : p;
  return rel === '' ? '/' : rel;
}

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const url = BASE + (path.startsWith('/') ? path : `/${path}`);
  if (url === window.location.pathname + window.location.search) return;
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
}

/** The current path (relative to /app) and its segments. */
export function useRoute(): { path: string; segments: string[]; search: URLSearchParams } {
  const key = useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
      };
    },
    () => window.location.pathname + window.location.search,
  );
  void key;
  const path = currentPath();
  return {
    path,
    segments: path.split('/').filter(Boolean),
    search: new URLSearchParams(window.location.search),
  };
}

/** onClick for <a href>: in-app navigation without reload (modifier clicks open new tabs as usual). */
export function linkHandler(path: string) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    e.preventDefault();
    navigate(path);
  };
}
