/**
 * Kefu widget loader (no framework). `<script async src="ORIGIN/widget.js" data-kefu-inbox="TOKEN">`
 * adds a launcher button and the chat iframe (served from Kefu's origin), bridges them with
 * postMessage (only Kefu's origin is accepted), and exposes `window.kefu`:
 *   open({context}?), close(), toggle(), identify({id, name, email, hash}), setLocale('zh-CN'|'en'), on(event, cb), off(event, cb),
 *   (open or closed is kept for the tab: a reload reopens an open chat),
 *   setContext({articleId, title, url, …} | null) — the page the chat is about, sent with the visitor's next message and
 *   shown to agents: a flat object of 1–10 keys (letters, digits, _), values strings ≤ 500 chars or numbers; anything
 *   else is refused (returns false). `null` clears it.
 * Script attributes: data-kefu-context='{"articleId":"…","title":"…"}' (initial context), data-kefu-locale="en",
 *   data-kefu-page-view-at="10,30,60,120" (seconds on the page at which page views are reported), data-kefu-page-views="off".
 * Page views (proactive messages): the page's URL and title go to the chat (which reports them to
 * POST /widget/v1/page-view) on load and when the visitor has spent each of those seconds on the page (counted
 * while the tab is visible); a URL change (single-page apps) restarts the count.
 * The page may also dispatch `window.dispatchEvent(new CustomEvent('kefu:open', {detail: {context}}))`.
 * Events: 'message' (a reply arrived), 'open', 'close', 'unread' (count), 'ready'.
 * Calls made before this script loaded are replayed from `window.kefu = [['open'], …]` or `window.kefu.q`.
 */
type Fn = (...args: unknown[]) => void;
interface KefuApi {
  open(opts?: { context?: unknown }): void;
  close(): void;
  toggle(): void;
  identify(identity: Record<string, unknown>): void;
  setLocale(locale: string): void;
  setContext(context: unknown): boolean;
  on(event: string, cb: Fn): void;
  off(event: string, cb: Fn): void;
  version: string;
}

(() => {
  const w = window as unknown as { kefu?: unknown; __kefuWidget?: boolean };
  if (w.__kefuWidget) return;
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-kefu-inbox]');
  if (!script) return;
  w.__kefuWidget = true;
  const token = script.getAttribute('data-kefu-inbox') || '';
  const ORIGIN = new URL(script.src, location.href).origin;
  // The chat's language: the page's explicit choice (data-kefu-locale, kefu.setLocale), else the first
  // of the browser's languages it speaks, else English; <html lang> does not count (an English reader
  // of a Chinese shop gets an English chat). The app applies the same rule (web/widget/app/strings.ts).
  const speaks = (l: unknown) =>
    /^zh/i.test(String(l)) ? 'zh-CN' : /^en/i.test(String(l)) ? 'en' : '';
  const explicit = speaks(script.getAttribute('data-kefu-locale'));
  let locale =
    explicit ||
    [...(navigator.languages || []), navigator.language].map(speaks).find(Boolean) ||
    'en';
  const earlier = w.kefu as unknown;
  const queued: unknown[][] = Array.isArray(earlier)
    ? earlier
    : earlier && Array.isArray((earlier as { q?: unknown[][] }).q)
      ? (earlier as { q: unknown[][] }).q
      : [];

  const listeners: Record<string, Fn[]> = {};
  const emit = (event: string, ...args: unknown[]) => {
    for (const cb of listeners[event] ?? []) {
      try {
        cb(...args);
      } catch {
        /* page callback */
      }
    }
  };
  let ready = false;
  let isOpen = false;
  let color = '#1a5fd0';
  let side = 'right';
  const outbox: Array<Record<string, unknown>> = [];
  const STORED = ['token', 'tokenRenewAt', 'outbox', 'prechat', 'sound', 'locale', 'context'];

  const css = (el: HTMLElement, styles: Record<string, string>) => {
    for (const k in styles) el.style.setProperty(k, styles[k]);
  };

  // Launcher
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.id = 'kefu-launcher';
  const openLabel = () => (locale === 'en' ? 'Open chat' : '打开在线客服');
  const closeLabel = () => (locale === 'en' ? 'Close chat' : '关闭在线客服');
  launcher.setAttribute('aria-label', openLabel());
  launcher.setAttribute('aria-expanded', 'false');
  css(launcher, {
    position: 'fixed',
    bottom: '20px',
    width: '56px',
    height: '56px',
    'border-radius': '50%',
    border: '0',
    padding: '0',
    margin: '0',
    cursor: 'pointer',
    'z-index': '2147483000',
    'box-shadow': '0 4px 14px rgba(0,0,0,.25)',
    display: 'flex',
    'align-items': 'center',
    'justify-content': 'center',
  });
  const svgNs = 'http://www.w3.org/2000/svg';
  const icon = document.createElementNS(svgNs, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '28');
  icon.setAttribute('height', '28');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('fill', '#fff');
  path.setAttribute(
    'd',
    'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z',
  );
  icon.appendChild(path);
  launcher.appendChild(icon);
  const badge = document.createElement('span');
  badge.id = 'kefu-unread';
  css(badge, {
    position: 'absolute',
    top: '-4px',
    right: '-4px',
    'min-width': '20px',
    height: '20px',
    padding: '0 5px',
    'border-radius': '10px',
    background: '#c5221f',
    color: '#fff',
    font: 'bold 12px/20px sans-serif',
    'text-align': 'center',
    display: 'none',
    'box-sizing': 'border-box',
  });
  launcher.appendChild(badge);

  // Iframe
  const frame = document.createElement('iframe');
  frame.id = 'kefu-frame';
  frame.title = locale === 'en' ? 'Chat' : '在线客服';
  frame.src = `${ORIGIN}/widget/app?${new URLSearchParams({ inbox: token, origin: location.origin, ...(explicit ? { locale } : {}) })}`;
  frame.setAttribute('allow', 'autoplay');
  css(frame, {
    position: 'fixed',
    border: '0',
    'z-index': '2147483001',
    background: '#fff',
    display: 'none',
    'color-scheme': 'light',
  });

  const phone = () => window.innerWidth <= 480;
  const layout = () => {
    css(launcher, {
      background: color,
      [side === 'left' ? 'left' : 'right']: '20px',
      [side === 'left' ? 'right' : 'left']: 'auto',
    });
    if (phone()) {
      css(frame, {
        top: '0',
        left: '0',
        right: 'auto',
        bottom: 'auto',
        width: '100%',
        height: '100%',
        'border-radius': '0',
        'box-shadow': 'none',
      });
      launcher.style.display = isOpen ? 'none' : 'flex';
    } else {
      css(frame, {
        top: 'auto',
        bottom: '88px',
        [side === 'left' ? 'left' : 'right']: '20px',
        [side === 'left' ? 'right' : 'left']: 'auto',
        width: '380px',
        height: 'min(640px, calc(100% - 108px))',
        'border-radius': '12px',
        'box-shadow': '0 8px 30px rgba(0,0,0,.25)',
      });
      launcher.style.display = 'flex';
    }
  };

  const post = (msg: Record<string, unknown>) => {
    if (!ready || !frame.contentWindow) {
      outbox.push(msg);
      return;
    }
    frame.contentWindow.postMessage({ kefu: 1, ...msg }, ORIGIN);
  };

  const setUnread = (n: number) => {
    badge.textContent = n > 99 ? '99+' : String(n);
    badge.style.display = n > 0 && !isOpen ? 'block' : 'none';
    launcher.setAttribute('aria-label', n > 0 ? `${openLabel()} (${n})` : openLabel());
  };

  // Open or closed survives a reload and the next page of this tab (sessionStorage: a new visit starts closed).
  const OPEN_KEY = `kefu:${token}:open`;
  const show = (open: boolean, notifyFrame: boolean, restoring = false) => {
    if (open === isOpen) return;
    isOpen = open;
    try {
      sessionStorage.setItem(OPEN_KEY, open ? '1' : '0');
    } catch {
      /* blocked */
    }
    frame.style.display = open ? 'block' : 'none';
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? closeLabel() : openLabel());
    if (open) badge.style.display = 'none';
    layout();
    if (notifyFrame) post({ type: open ? 'open' : 'close' });
    if (open && !restoring) frame.focus();
    else if (!open && (phone() || document.activeElement === frame)) launcher.focus();
    emit(open ? 'open' : 'close');
  };

  launcher.addEventListener('click', () => show(!isOpen, true));
  window.addEventListener('resize', layout);

  window.addEventListener('message', (e: MessageEvent) => {
    if (e.origin !== ORIGIN || e.source !== frame.contentWindow) return;
    const d = e.data as { kefu?: number; type?: string; count?: number; message?: unknown } | null;
    if (!d || d.kefu !== 1 || typeof d.type !== 'string') return;
    if (d.type === 'hello') {
      // Persistence for browsers that block storage in third-party frames: a mirror in this page's localStorage.
      const stored: Record<string, string> = {};
      for (const k of STORED) {
        try {
          const v = localStorage.getItem(`kefu:${token}:${k}`);
          if (v != null) stored[k] = v;
        } catch {
          /* blocked */
        }
      }
      frame.contentWindow!.postMessage({ kefu: 1, type: 'init', stored }, ORIGIN);
    } else if (d.type === 'store') {
      const { key, value } = d as unknown as { key: unknown; value: unknown };
      if (
        typeof key === 'string' &&
        STORED.indexOf(key) >= 0 &&
        (value === null || (typeof value === 'string' && value.length < 200000))
      ) {
        try {
          if (value === null) localStorage.removeItem(`kefu:${token}:${key}`);
          else localStorage.setItem(`kefu:${token}:${key}`, value as string);
        } catch {
          /* quota or blocked */
        }
      }
    } else if (d.type === 'ready') {
      ready = true;
      while (outbox.length) post(outbox.shift()!);
      emit('ready');
    } else if (d.type === 'unread') {
      setUnread(Number(d.count) || 0);
      emit('unread', Number(d.count) || 0);
    } else if (d.type === 'close') show(false, false);
    else if (d.type === 'message') emit('message', d.message);
    else if (d.type === 'blocked') {
      launcher.remove();
      frame.remove();
    }
  });

  /** A flat object of 1–10 keys with strings (≤ 500 chars) or finite numbers; null clears; anything else → undefined. */
  const cleanContext = (c: unknown): Record<string, string | number> | null | undefined => {
    if (c === null) return null;
    if (!c || typeof c !== 'object' || Array.isArray(c)) return undefined;
    const keys = Object.keys(c);
    if (!keys.length || keys.length > 10) return undefined;
    for (const k of keys) {
      const v = (c as Record<string, unknown>)[k];
      if (
        !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k) ||
        !(typeof v === 'string' ? v.length <= 500 : typeof v === 'number' && Number.isFinite(v))
      )
        return undefined;
    }
    return { ...(c as Record<string, string | number>) };
  };
  const setContext = (c: unknown) => {
    const clean = cleanContext(c);
    if (clean === undefined) return false;
    post({ type: 'context', context: clean });
    return true;
  };
  try {
    const attr = script.getAttribute('data-kefu-context');
    if (attr) setContext(JSON.parse(attr));
  } catch {
    /* not JSON: ignored */
  }
  const openWith = (opts?: { context?: unknown }) => {
    if (opts && typeof opts === 'object' && opts.context !== undefined) setContext(opts.context);
    show(true, true);
  };
  window.addEventListener('kefu:open', (e: Event) =>
    openWith((e as CustomEvent<{ context?: unknown } | null>).detail ?? undefined),
  );

  const api: KefuApi = {
    version: '1',
    open: openWith,
    setContext,
    close: () => show(false, true),
    toggle: () => show(!isOpen, true),
    identify: (identity) => {
      if (identity && typeof identity === 'object')
        post({ type: 'identify', identity: JSON.parse(JSON.stringify(identity)) });
    },
    setLocale: (l) => {
      locale = /^zh/i.test(String(l)) ? 'zh-CN' : 'en';
      frame.title = locale === 'en' ? 'Chat' : '在线客服';
      launcher.setAttribute('aria-label', isOpen ? closeLabel() : openLabel());
      post({ type: 'setLocale', locale });
    },
    on: (event, cb) => {
      if (typeof cb === 'function') (listeners[event] ??= []).push(cb);
    },
    off: (event, cb) => {
      listeners[event] = (listeners[event] ?? []).filter((f) => f !== cb);
    },
  };
  w.kefu = api;

  const marks = (script.getAttribute('data-kefu-page-view-at') || '10,30,60,120')
    .split(',')
    .map(Number)
    .filter((n) => n > 0 && n <= 3600)
    .sort((a, b) => a - b);
  let href = location.href;
  let seen = 0;
  let next = 0;
  const pageView = (secondsOnPage: number) =>
    post({
      type: 'pageView',
      url: location.href,
      title: document.title.slice(0, 300),
      secondsOnPage,
    });
  const tick = () => {
    if (location.href !== href) {
      href = location.href;
      seen = next = 0;
      pageView(0);
    } else if (!document.hidden && next < marks.length && ++seen >= marks[next]) {
      next++;
      pageView(seen);
    }
  };

  const mount = () => {
    layout();
    document.body.appendChild(frame);
    document.body.appendChild(launcher);
    try {
      if (sessionStorage.getItem(OPEN_KEY) === '1') show(true, true, true);
    } catch {
      /* blocked */
    }
    if (script.getAttribute('data-kefu-page-views') !== 'off') {
      pageView(0);
      setInterval(tick, 1000);
    }
    for (const call of queued) {
      const [name, ...args] = call as [keyof KefuApi, ...unknown[]];
      const fn = api[name];
      if (typeof fn === 'function') (fn as Fn)(...args);
    }
    queued.length = 0;
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  fetch(`${ORIGIN}/widget/v1/config?${new URLSearchParams({ token, origin: location.origin })}`)
    .then((r) => {
      if (r.status === 403 || r.status === 404) {
        launcher.remove();
        frame.remove();
      }
      return r.ok ? r.json() : null;
    })
    .then((cfg: { inbox?: { settings?: { color?: string; position?: string } } } | null) => {
      const s = cfg?.inbox?.settings;
      if (s?.color && /^#[0-9a-fA-F]{6}$/.test(s.color)) color = s.color;
      if (s?.position === 'left') side = 'left';
      layout();
    })
    .catch(() => {
      /* defaults */
    });
})();
