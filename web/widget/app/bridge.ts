/**
 * The postMessage bridge to the embedding page (protocol: web/widget/README.md). Both directions go
 * only to / come only from the page's window and the page origin given at load (store.ts).
 */
import type { Locale } from '../../../shared/i18n.ts';
import { PAGE_ORIGIN } from './store.ts';
import { widgetLocale } from './strings.ts';
import type { Identity } from './types.ts';

/** Tells the embedding page `{kefu: 1, ...msg}`; nothing unless embedded by a known page. */
export function postToPage(msg: Record<string, unknown>) {
  if (PAGE_ORIGIN && window.parent !== window)
    window.parent.postMessage({ kefu: 1, ...msg }, PAGE_ORIGIN);
}

/** What the embedding page may ask of the chat (the loader's kefu.* API). */
export interface PageCommands {
  setOpen(open: boolean): void;
  setLocale(locale: Locale): void;
  identify(identity: Identity): Promise<void>;
  setContext(context: unknown): void;
  reportPageView(v: { url?: unknown; title?: unknown; secondsOnPage?: unknown }): Promise<void>;
}

/** Carries out the page's requests; messages from any other window or origin are ignored. */
export function listenToPage(to: PageCommands) {
  window.addEventListener('message', (e: MessageEvent) => {
    if (!PAGE_ORIGIN || e.origin !== PAGE_ORIGIN || e.source !== window.parent) return;
    const d = e.data as { kefu?: number; type?: string; [k: string]: unknown };
    if (!d || d.kefu !== 1 || typeof d.type !== 'string') return;
    if (d.type === 'open') to.setOpen(true);
    else if (d.type === 'close') to.setOpen(false);
    else if (d.type === 'setLocale' && typeof d.locale === 'string')
      to.setLocale(widgetLocale(d.locale));
    else if (d.type === 'identify' && d.identity && typeof d.identity === 'object')
      void to.identify(d.identity as Identity);
    else if (d.type === 'context') to.setContext(d.context);
    else if (d.type === 'pageView')
      void to.reportPageView({ url: d.url, title: d.title, secondsOnPage: d.secondsOnPage });
  });
}
