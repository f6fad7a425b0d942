/**
 * The widget's state and network: visitor session (persisted in this origin's localStorage), the
 * /visitor socket, an offline outbox keyed by client message ids (flushed in order on reconnect),
 * resync by seq after every reconnect, and the postMessage bridge to the embedding page.
 */
import { io, type Socket } from 'socket.io-client';
import { cleanContext, contextKey, pageView } from './context.ts';
import { articlesAvailable, searchArticles } from './articles.ts';
import { HttpError, postMessage, request, uploadFiles } from './http.ts';
import type { Article, Availability, Identity, QueueStatus, Settings, State } from './types.ts';
import type { ApiErrorCode } from '../../../shared/errors.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { widgetLocale } from './strings.ts';
import { INBOX, PAGE_ORIGIN, params, store } from './store.ts';
import {
  maxSeq,
  mergeMessages,
  newClientId,
  stillPending,
  unreadCount,
  type Attachment,
  type Conversation,
  type Message,
  type Pending,
} from './messages.ts';

export { INBOX, PAGE_ORIGIN, initStore } from './store.ts';

export type { Settings, Availability, QueueStatus, Article, Identity, State } from './types.ts';

export class Controller {
  state: State;
  private listeners = new Set<() => void>();
  private token: string | null = store.get<string | null>('token', null);
  private socket: Socket | null = null;
  private flushing = false;
  private pendingIdentity: Identity | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private sentTyping = false;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastUnread = -1;
  private sessionPromise: Promise<void> | null = null;
  onIncoming: (m: Message) => void = () => {};

  constructor() {
    this.state = {
      phase: 'loading',
      inboxName: '',
      settings: null,
      availability: null,
      locale: widgetLocale(
        store.get<string | null>('locale', null),
        params.get('locale'),
        navigator.language,
      ),
      open: window.parent === window,
      sound: store.get('sound', true),
      hasSession: !!this.token,
      contact: null,
      conversation: null,
      messages: [],
      pending: store.get<Pending[]>('outbox', []),
      connection: 'idle',
      agentTyping: false,
      agentReadSeq: 0,
      visitorReadSeq: 0,
      queue: null,
      csat: null,
      prechatDone: store.get('prechat', false),
      offlineSent: false,
      leaveMessage: false,
      handingOver: false,
      uploading: false,
      notice: null,
      articlesAvailable: false,
      feedbackAvailable: true,
      feedback: {},
      context: null,
    };
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }
  private set(patch: Partial<State>) {
    this.state = { ...this.state, ...patch };
    if ('pending' in patch) store.set('outbox', this.state.pending);
    for (const fn of this.listeners) fn();
    this.reportUnread();
  }

  // ───────────── bridge to the embedding page ─────────────
  private post(msg: Record<string, unknown>) {
    if (PAGE_ORIGIN && window.parent !== window)
      window.parent.postMessage({ kefu: 1, ...msg }, PAGE_ORIGIN);
  }

  private onParentMessage = (e: MessageEvent) => {
    if (!PAGE_ORIGIN || e.origin !== PAGE_ORIGIN || e.source !== window.parent) return;
    const d = e.data as { kefu?: number; type?: string; [k: string]: unknown };
    if (!d || d.kefu !== 1 || typeof d.type !== 'string') return;
    if (d.type === 'open') this.setOpen(true);
    else if (d.type === 'close') this.setOpen(false);
    else if (d.type === 'setLocale' && typeof d.locale === 'string')
      this.setLocale(widgetLocale(d.locale));
    else if (d.type === 'identify' && d.identity && typeof d.identity === 'object')
      void this.identify(d.identity as Identity);
    else if (d.type === 'context') this.setContext(d.context);
    else if (d.type === 'pageView')
      void this.reportPageView({ url: d.url, title: d.title, secondsOnPage: d.secondsOnPage });
  };

  private reportUnread() {
    const n = this.state.open ? 0 : unreadCount(this.state.messages, this.state.visitorReadSeq);
    if (n !== this.lastUnread) {
      this.lastUnread = n;
      this.post({ type: 'unread', count: n });
    }
  }

  // ───────────── lifecycle ─────────────
  async start() {
    window.addEventListener('message', this.onParentMessage);
    window.addEventListener('offline', () => {
      this.socket?.disconnect();
      this.set({ connection: 'reconnecting' });
    });
    window.addEventListener('online', () => {
      if (this.socket && !this.socket.connected) {
        this.set({ connection: 'reconnecting' });
        this.socket.connect();
      }
    });
    document.addEventListener('visibilitychange', () => this.markRead());
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
      void this.probeArticles();
    } catch (err) {
      if (err instanceof HttpError && (err.status === 403 || err.status === 404)) {
        this.set({ phase: 'blocked' });
        this.post({ type: 'blocked' });
        return;
      }
      this.set({ phase: 'loading' });
      setTimeout(() => void this.boot(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
      return;
    }
    this.post({ type: 'ready', locale: this.state.locale });
  }

  private http<T>(method: string, path: string, body?: unknown, raw?: FormData): Promise<T> {
    return request<T>(this.token, method, path, body, raw);
  }

  /** Creates or resumes the visitor session (with a pending identify()), then loads history and connects. */
  private async session(identity?: Identity | null) {
    const res = await this.http<{
      visitorToken: string;
      contact: State['contact'];
      conversation: Conversation | null;
      agentReadSeq: number;
      availability: Availability;
      inbox: { name: string; settings: Settings };
    }>('POST', '/widget/v1/sessions', {
      inboxToken: INBOX,
      locale: this.state.locale,
      ...(this.token ? { visitorToken: this.token } : {}),
      ...(identity ? { identity } : {}),
      ...(PAGE_ORIGIN ? { pageOrigin: PAGE_ORIGIN } : {}),
    });
    const changedContact = this.state.contact && this.state.contact.id !== res.contact?.id;
    this.token = res.visitorToken;
    store.set('token', this.token);
    this.set({
      hasSession: true,
      contact: res.contact,
      conversation: res.conversation,
      availability: res.availability,
      settings: res.inbox.settings,
      inboxName: res.inbox.name,
      agentReadSeq: res.agentReadSeq ?? 0,
      visitorReadSeq: res.conversation?.visitorReadSeq ?? 0,
      ...(changedContact ? { messages: [], csat: null, queue: null } : {}),
    });
    await this.loadHistory();
    this.connect(changedContact ?? false);
  }

  ensureSession(): Promise<void> {
    if (this.token && this.state.hasSession) return Promise.resolve();
    this.sessionPromise ??= this.session(this.pendingIdentity).finally(() => {
      this.sessionPromise = null;
      this.pendingIdentity = null;
    });
    return this.sessionPromise;
  }

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

  private async loadHistory() {
    const res = await this.http<{
      data: Message[];
      conversation: Conversation | null;
      agentReadSeq: number;
    }>('GET', '/widget/v1/messages?limit=100');
    const messages = mergeMessages(this.state.messages, res.data);
    this.set({
      messages,
      conversation: res.conversation ?? this.state.conversation,
      agentReadSeq: Math.max(this.state.agentReadSeq, res.agentReadSeq ?? 0),
      pending: stillPending(this.state.pending, messages),
    });
    void this.checkCsat();
    void this.checkQueue();
  }

  /** Live queue position (routing feature); absent (404) or not queued → nothing shown. */
  private async checkQueue() {
    if (!this.state.conversation) return;
    try {
      this.set({ queue: await this.http<QueueStatus>('GET', '/widget/v1/queue') });
    } catch {
      /* no routing */
    }
  }

  /** The visitor chose to leave a message instead of waiting (queue overflow). */
  requestLeaveMessage() {
    this.set({ leaveMessage: true, offlineSent: false });
  }

  /** After a reconnect: everything after the last seq we hold, page by page, so nothing is missed. */
  private async resync() {
    for (let i = 0; i < 50; i++) {
      const after = maxSeq(this.state.messages);
      const res = await this.http<{
        data: Message[];
        hasMore: boolean;
        conversation: Conversation | null;
        agentReadSeq: number;
      }>('GET', `/widget/v1/messages?afterSeq=${after}&limit=100`);
      const messages = mergeMessages(this.state.messages, res.data);
      this.set({
        messages,
        conversation: res.conversation ?? this.state.conversation,
        agentReadSeq: Math.max(this.state.agentReadSeq, res.agentReadSeq ?? 0),
        pending: stillPending(this.state.pending, messages),
      });
      if (!res.hasMore) break;
    }
    void this.checkCsat();
    void this.checkQueue();
  }

  private connect(force: boolean) {
    if (this.socket && !force) return;
    this.socket?.disconnect();
    const s = io('/visitor', {
      auth: { token: this.token },
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
    this.socket = s;
    this.set({ connection: 'connecting' });
    s.on('connect', async () => {
      this.set({ connection: 'online' });
      try {
        await this.resync();
      } catch {
        /* next reconnect retries */
      }
      void this.flush();
      this.markRead();
    });
    s.on('disconnect', () => this.set({ connection: 'reconnecting', agentTyping: false }));
    s.on('connect_error', () => this.set({ connection: 'reconnecting' }));
    s.on('message', (p: { message: Message; conversation: Conversation }) =>
      this.receive([p.message], p.conversation),
    );
    s.on('message.updated', (p: { message: Message }) =>
      this.set({ messages: mergeMessages(this.state.messages, [p.message]) }),
    );
    s.on('conversation', (c: Conversation) => this.updateConversation(c));
    s.on('read', (p: { seq: number }) =>
      this.set({ agentReadSeq: Math.max(this.state.agentReadSeq, p.seq) }),
    );
    s.on('typing', (p: { typing: boolean }) => {
      clearTimeout(this.agentTypingTimer);
      this.set({ agentTyping: !!p.typing });
      if (p.typing)
        this.agentTypingTimer = setTimeout(() => this.set({ agentTyping: false }), 8000);
    });
    s.on('queue', (q: QueueStatus) => this.set({ queue: q }));
    // The server may have dropped live messages (its Redis pub/sub connection was down): sync by seq as
    // after a reconnect, spread over a second since every visitor of that server is told at once.
    s.on('resync', () => {
      setTimeout(() => {
        if (s.connected) this.resync().catch(() => {});
      }, Math.random() * 1000);
    });
  }

  private receive(incoming: Message[], conversation?: Conversation) {
    const before = new Set(this.state.messages.map((m) => m.id));
    const messages = mergeMessages(this.state.messages, incoming);
    const fresh = incoming.filter((m) => !before.has(m.id) && m.type === 'outgoing');
    this.set({
      messages,
      pending: stillPending(this.state.pending, messages),
      ...(fresh.some((m) => m.sender.type === 'user') ? { agentTyping: false } : {}),
    });
    if (conversation) this.updateConversation(conversation);
    for (const m of fresh) {
      this.onIncoming(m);
      this.post({
        type: 'message',
        message: { id: m.id, content: m.content, sender: m.sender.type, createdAt: m.createdAt },
      });
    }
    this.markRead();
  }

  private updateConversation(c: Conversation) {
    const prev = this.state.conversation;
    const conversation = { ...(prev?.id === c.id ? prev : {}), ...c } as Conversation;
    this.set({ conversation, ...(prev && prev.id !== c.id ? { csat: null, queue: null } : {}) });
    if (c.status === 'resolved' && prev?.status !== 'resolved') void this.checkCsat();
    if (c.status !== 'resolved' && this.state.csat?.pending) this.set({ csat: null });
  }

  private async checkCsat() {
    if (this.state.conversation?.status !== 'resolved') return;
    try {
      const r = await this.http<{
        conversationId: string | null;
        pending: boolean;
        rating: number | null;
      }>('GET', '/widget/v1/csat');
      this.set({
        csat: r.conversationId
          ? { conversationId: r.conversationId, pending: r.pending, rating: r.rating }
          : null,
      });
    } catch {
      /* not offered */
    }
  }

  // ───────────── visitor actions ─────────────
  setOpen(open: boolean) {
    if (open === this.state.open) return;
    this.set({ open });
    this.post({ type: open ? 'opened' : 'close' });
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
  toggleSound() {
    store.set('sound', !this.state.sound);
    this.set({ sound: !this.state.sound });
  }

  markRead() {
    const seq = maxSeq(this.state.messages);
    if (
      !this.state.open ||
      document.visibilityState === 'hidden' ||
      seq <= this.state.visitorReadSeq
    )
      return;
    this.set({ visitorReadSeq: seq });
    if (this.socket?.connected) this.socket.emit('read', { seq });
  }

  async send(content: string, attachments: Attachment[] = []) {
    if (!content.trim() && !attachments.length) return;
    const item: Pending = {
      clientMessageId: newClientId(),
      content,
      attachmentIds: attachments.map((a) => a.id),
      attachments,
      createdAt: Date.now(),
      ...(this.state.context ? { context: this.state.context } : {}),
    };
    this.set({ pending: [...this.state.pending, item], context: null });
    this.typing(false);
    try {
      await this.ensureSession();
    } catch {
      return;
    }
    await this.flush();
  }

  /** Sends queued messages one at a time, in order; stops at the first failure and resumes on reconnect. */
  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.socket?.connected) {
        const item = this.state.pending.find((p) => !p.failed);
        if (!item) break;
        let ack: { message?: Message; conversation?: Conversation; error?: { code: ApiErrorCode } };
        const body = {
          content: item.content,
          clientMessageId: item.clientMessageId,
          attachmentIds: item.attachmentIds,
        };
        try {
          // A message carrying the page context goes over REST (the socket event takes none).
          ack = item.context
            ? await postMessage(this.token, { ...body, context: item.context })
            : await this.socket.timeout(10_000).emitWithAck('message:send', body);
        } catch {
          break;
        }
        if (ack.error?.code === 'invalid_context') {
          // never expected (same rules here): send it without
          this.set({
            pending: this.state.pending.map((p) => (p === item ? { ...p, context: undefined } : p)),
          });
          continue;
        }
        if (item.context && ack.conversation)
          store.set('context', {
            conversationId: ack.conversation.id,
            key: contextKey(item.context),
          });
        if (ack.error) {
          if (ack.error.code === 'rate_limited' || ack.error.code === 'internal_error') break;
          this.set({
            pending: this.state.pending.map((p) =>
              p === item ? { ...p, failed: ack.error!.code } : p,
            ),
          });
          continue;
        }
        this.set({
          pending: this.state.pending.filter((p) => p.clientMessageId !== item.clientMessageId),
        });
        if (ack.message) this.receive([ack.message], ack.conversation);
      }
    } finally {
      this.flushing = false;
    }
  }

  discard(clientMessageId: string) {
    this.set({ pending: this.state.pending.filter((p) => p.clientMessageId !== clientMessageId) });
  }

  typing(on: boolean) {
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(() => this.typing(false), 4000);
    if (on === this.sentTyping || !this.socket?.connected) return;
    this.sentTyping = on;
    this.socket.emit('typing', { typing: on });
  }

  async upload(files: File[]): Promise<Attachment[]> {
    await this.ensureSession();
    this.set({ uploading: true, notice: null });
    const { uploaded, failed } = await uploadFiles(this.token, files);
    this.set({ uploading: false, ...(failed ? { notice: 'uploadFailed' } : {}) });
    return uploaded;
  }

  attachmentUrl(id: string) {
    return `/widget/v1/attachments/${encodeURIComponent(id)}?t=${encodeURIComponent(this.token ?? '')}`;
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
   * Page views for proactive messages (routing's POST /widget/v1/page-view). The first view of a
   * visitor without a session is not reported: only visitors who stay (the loader's second report)
   * get a session, so anonymous page loads create no contacts. Without the endpoint (404) → off.
   */
  private pageViewsOff = false;
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

  private async probeArticles() {
    const available = await articlesAvailable();
    if (available !== null) this.set({ articlesAvailable: available });
  }

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
