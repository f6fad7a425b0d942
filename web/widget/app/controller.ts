/**
 * The widget's controller: what the visitor and the embedding page ask for (open, locale, identify,
 * context, send, files, handover, rating, forms, articles, feedback, page views), on top of the
 * session and its live sync (session.ts), the offline outbox (outbox.ts) and the page bridge
 * (bridge.ts). Boot: config, then the stored session if any; retried while Kefu is unreachable.
 */
import type { Locale } from '../../../shared/i18n.ts';
import { searchArticles } from './articles.ts';
import { listenToPage, postToPage } from './bridge.ts';
import { cleanContext, contextKey, pageView } from './context.ts';
import { HttpError } from './http.ts';
import { type Attachment, type Conversation, type Message, newClientId } from './messages.ts';
import { Session } from './session.ts';
import { INBOX, PAGE_ORIGIN, store } from './store.ts';
import type { Article, Availability, Identity, Settings } from './types.ts';

export { INBOX, PAGE_ORIGIN, initStore } from './store.ts';

export type { Settings, Availability, QueueStatus, Article, Identity, State } from './types.ts';

export class Controller extends Session {
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private sentTyping = false;
  private pageViewsOff = false;

  // ───────────── lifecycle ─────────────
  async start() {
    listenToPage(this);
    window.addEventListener('offline', () => {
      this.socket?.disconnect();
      this.set({ connection: 'reconnecting' });
    });
    window.addEventListener('online', () => {
      if (this.socket && !this.socket.connected) {
        this.set({ connection: 'reconnecting' });
        this.socket.connect();
      }
      // Pictures that failed while offline get fresh links now; messages queued before the visitor
      // had a session get one.
      this.links.online();
      if (this.state.pending.length && !this.socket)
        this.ensureSession()
          .then(() => this.flush())
          .catch(() => {});
    });
    document.addEventListener('visibilitychange', () => {
      this.markRead();
      if (document.visibilityState === 'visible') this.renewTokenIfDue();
    });
    await this.boot();
  }

  /** Config, then the stored session if any; retried while Kefu is unreachable. */
  private async boot(attempt = 0): Promise<void> {
    try {
      const q = new URLSearchParams({
        token: INBOX,
        ...(PAGE_ORIGIN ? { origin: PAGE_ORIGIN } : {}),
      });
      const cfg = await this.http<{
        inbox: { name: string; settings: Settings };
        availability: Availability;
      }>('GET', `/widget/v1/config?${q}`);
      this.set({
        inboxName: cfg.inbox.name,
        settings: cfg.inbox.settings,
        availability: cfg.availability,
      });
      if (this.token) await this.session();
      this.set({ phase: 'ready' });
    } catch (err) {
      if (err instanceof HttpError && (err.status === 403 || err.status === 404)) {
        this.set({ phase: 'blocked' });
        postToPage({ type: 'blocked' });
        return;
      }
      this.set({ phase: 'loading' });
      setTimeout(() => void this.boot(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
      return;
    }
    postToPage({ type: 'ready', locale: this.state.locale });
  }

  // ───────────── the embedding page ─────────────
  async identify(identity: Identity) {
    if (!identity || typeof identity.id !== 'string') return;
    const clean: Identity = { id: String(identity.id) };
    for (const k of ['name', 'email', 'hash'] as const)
      if (typeof identity[k] === 'string') clean[k] = identity[k];
    if (!this.token) {
      this.pendingIdentity = clean;
      return;
    }
    try {
      await this.session(clean);
    } catch {
      /* a forged or unverifiable identity keeps the anonymous session */
    }
  }

  setOpen(open: boolean) {
    if (open === this.state.open) return;
    this.set({ open });
    postToPage({ type: open ? 'opened' : 'close' });
    if (open) this.markRead();
  }

  /**
   * The embedding page tells what the chat is about (null clears). The same context already sent in
   * the current, still active conversation is not offered again (e.g. after a reload of that page).
   */
  setContext(raw: unknown) {
    const context = raw === null ? null : cleanContext(raw);
    if (raw !== null && !context) return;
    const sent = store.get<{ conversationId: string; key: string } | null>('context', null);
    const conv = this.state.conversation;
    const active = !!conv && conv.status !== 'resolved' && conv.status !== 'closed';
    if (context && active && sent?.conversationId === conv!.id && sent.key === contextKey(context))
      return;
    this.set({ context });
  }

  setLocale(locale: Locale) {
    store.set('locale', locale);
    this.set({ locale });
    document.documentElement.lang = locale;
  }

  /**
   * Page views for proactive messages (routing's POST /widget/v1/page-view). The first view of a
   * visitor without a session is not reported: only visitors who stay (the loader's second report)
   * get a session, so anonymous page loads create no contacts. Without the endpoint (404) → off.
   */
  async reportPageView(v: { url?: unknown; title?: unknown; secondsOnPage?: unknown }) {
    const body = pageView(v, PAGE_ORIGIN);
    if (
      this.pageViewsOff ||
      this.state.phase !== 'ready' ||
      !body ||
      (body.secondsOnPage === 0 && !this.token)
    )
      return;
    try {
      await this.ensureSession();
      const r = await this.http<{ fired?: number }>('POST', '/widget/v1/page-view', body);
      if (r?.fired) await this.resync(); // the proactive message (also pushed on the socket, which may not have joined yet)
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) this.pageViewsOff = true;
    }
  }

  // ───────────── visitor actions ─────────────
  toggleSound() {
    store.set('sound', !this.state.sound);
    this.set({ sound: !this.state.sound });
  }

  /** The visitor chose to leave a message instead of waiting (queue overflow). */
  requestLeaveMessage() {
    this.set({ leaveMessage: true, offlineSent: false });
  }

  async send(content: string, attachments: Attachment[] = []) {
    if (!content.trim() && !attachments.length) return;
    this.outbox.add(content, attachments);
    this.typing(false);
    try {
      await this.ensureSession();
    } catch {
      return;
    }
    await this.flush();
  }

  /** Sends queued messages one at a time, in order (outbox.ts). */
  flush() {
    return this.outbox.flush();
  }

  discard(clientMessageId: string) {
    this.outbox.discard(clientMessageId);
  }

  typing(on: boolean) {
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(() => this.typing(false), 4000);
    if (on === this.sentTyping || !this.socket?.connected) return;
    this.sentTyping = on;
    this.socket.emit('typing', { typing: on });
  }

  /**
   * Sends files as a message: queued in the outbox like text (so they wait for the network when it
   * is down, shown from a local preview), uploaded when their turn comes, then sent.
   */
  async sendFiles(files: File[]) {
    if (!files.length) return;
    this.outbox.add('', [], files);
    try {
      await this.ensureSession();
    } catch {
      return;
    }
    await this.flush();
  }

  async handover() {
    this.set({ handingOver: true });
    try {
      await this.ensureSession();
      const r = await this.http<{ conversation: Conversation; message: Message | null }>(
        'POST',
        '/widget/v1/handover',
        { locale: this.state.locale },
      );
      this.receive(r.message ? [r.message] : [], r.conversation);
    } catch {
      /* stays visible; the visitor can retry */
    } finally {
      this.set({ handingOver: false });
    }
  }

  async rate(rating: number, comment: string) {
    const csat = this.state.csat;
    if (!csat?.pending) return;
    try {
      await this.http('POST', '/widget/v1/csat', {
        conversationId: csat.conversationId,
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      this.set({ csat: { ...csat, pending: false, rating } });
    } catch (err) {
      if (err instanceof HttpError && err.status === 409)
        this.set({ csat: { ...csat, pending: false } });
    }
  }

  async submitPrechat(profile: { name?: string; email?: string; phone?: string }) {
    await this.ensureSession();
    const body = Object.fromEntries(Object.entries(profile).filter(([, v]) => v && v.trim()));
    await this.http('POST', '/widget/v1/profile', body);
    store.set('prechat', true);
    this.set({ prechatDone: true });
  }

  async leaveMessage(form: { name: string; email: string; content: string }) {
    await this.ensureSession();
    const context = this.state.context;
    const r = await this.http<{ message: Message; conversation: Conversation }>(
      'POST',
      '/widget/v1/offline-message',
      { ...form, clientMessageId: newClientId(), ...(context ? { context } : {}) },
    );
    this.receive([r.message], r.conversation);
    if (context)
      store.set('context', { conversationId: r.conversation.id, key: contextKey(context) });
    this.set({ offlineSent: true, leaveMessage: false, context: null });
  }

  /**
   * Help articles for what the visitor typed (the search card, suggestions while composing). Nothing
   * is asked before they type, and never without a visitor token; an inbox without a knowledge base
   * answers 404 and the search is hidden from then on.
   */
  async searchArticles(q: string): Promise<Article[]> {
    if (!this.state.articlesAvailable || q.trim().length < 2) return [];
    try {
      await this.ensureSession();
    } catch {
      return [];
    } // the KB search is per inbox, authenticated by the visitor token
    const r = await searchArticles(this.token, q);
    if (r === 'unavailable') {
      this.set({ articlesAvailable: false });
      return [];
    }
    return r;
  }

  async feedback(messageId: string, helpful: boolean) {
    try {
      await this.http('POST', `/widget/v1/messages/${encodeURIComponent(messageId)}/feedback`, {
        helpful,
      });
      this.set({ feedback: { ...this.state.feedback, [messageId]: helpful } });
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) this.set({ feedbackAvailable: false });
      else if (err instanceof HttpError && err.status === 409)
        this.set({ feedback: { ...this.state.feedback, [messageId]: helpful } });
    }
  }
}
