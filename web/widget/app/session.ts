/**
 * The widget's state and its sync with Kefu: the visitor session (token persisted by store.ts, with
 * a pending identify()), history, resync by seq after every reconnect, the /visitor socket's events
 * (socket.ts), CSAT and queue checks, read receipts, and the unread count for the embedding page.
 * What the visitor and the page ask for is in controller.ts; sending goes through the outbox.
 */
import type { Socket } from 'socket.io-client';
import { postToPage } from './bridge.ts';
import { request } from './http.ts';
import { AttachmentLinks } from './links.ts';
import {
  type Conversation,
  type Message,
  maxSeq,
  mergeMessages,
  stillPending,
  unreadCount,
  type Pending,
} from './messages.ts';
import { Outbox } from './outbox.ts';
import { openVisitorSocket } from './socket.ts';
import { INBOX, PAGE_ORIGIN, params, store } from './store.ts';
import { initialLocale } from './strings.ts';
import type { Availability, Identity, QueueStatus, Settings, State } from './types.ts';

export class Session {
  state: State;
  private listeners = new Set<() => void>();
  protected token: string | null = store.get<string | null>('token', null);
  /** When the token is half way to its expiry (local ms): renewed then, also on a page left open. */
  private tokenRenewAt = store.get<number>('tokenRenewAt', 0);
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  /** Signed, short-lived download links of the attachments shown (links.ts). */
  readonly links = new AttachmentLinks((ids) =>
    this.http('POST', '/widget/v1/attachments/links', { ids }),
  );
  protected socket: Socket | null = null;
  protected pendingIdentity: Identity | null = null;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastUnread = -1;
  private sessionPromise: Promise<void> | null = null;
  protected readonly outbox = new Outbox({
    state: () => this.state,
    set: (patch) => this.set(patch),
    socket: () => this.socket,
    token: () => this.token,
    receive: (incoming, conversation) => this.receive(incoming, conversation),
  });
  onIncoming: (m: Message) => void = () => {};

  constructor() {
    this.state = {
      phase: 'loading',
      inboxName: '',
      settings: null,
      availability: null,
      locale: initialLocale(
        params.get('locale'),
        store.get<string | null>('locale', null),
        navigator.languages?.length ? navigator.languages : [navigator.language],
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
      articlesAvailable: true, // until a search answers 404 (no knowledge base)
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
  protected set(patch: Partial<State>) {
    this.state = { ...this.state, ...patch };
    if ('pending' in patch) store.set('outbox', this.state.pending);
    for (const fn of this.listeners) fn();
    this.reportUnread();
  }

  private reportUnread() {
    const n = this.state.open ? 0 : unreadCount(this.state.messages, this.state.visitorReadSeq);
    if (n !== this.lastUnread) {
      this.lastUnread = n;
      postToPage({ type: 'unread', count: n });
    }
  }

  protected http<T>(method: string, path: string, body?: unknown, raw?: FormData): Promise<T> {
    return request<T>(this.token, method, path, body, raw);
  }

  /** Creates or resumes the visitor session (with a pending identify()), then loads history and connects. */
  protected async session(identity?: Identity | null) {
    const res = await this.http<{
      visitorToken: string;
      visitorTokenExpiresIn: number;
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
    this.tokenRenewAt = Date.now() + (res.visitorTokenExpiresIn ?? 0) * 500;
    store.set('tokenRenewAt', this.tokenRenewAt);
    this.renewTimer ??= setInterval(() => this.renewTokenIfDue(), 3_600_000);
    if (changedContact) this.links.clear();
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

  /**
   * Token rotation for pages left open: once the token is half way to its expiry (VISITOR_TOKEN_DAYS),
   * the session call answers a fresh one (every page load does the same). Checked hourly, when the
   * page becomes visible again and when the socket reconnects.
   */
  renewTokenIfDue() {
    if (!this.token || !this.tokenRenewAt || Date.now() < this.tokenRenewAt) return;
    if (this.sessionPromise) return;
    this.sessionPromise = this.session(null)
      .catch(() => {
        /* next check retries */
      })
      .finally(() => {
        this.sessionPromise = null;
      });
  }

  ensureSession(): Promise<void> {
    if (this.token && this.state.hasSession) return Promise.resolve();
    this.sessionPromise ??= this.session(this.pendingIdentity).finally(() => {
      this.sessionPromise = null;
      this.pendingIdentity = null;
    });
    return this.sessionPromise;
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

  /** After a reconnect: everything after the last seq we hold, page by page, so nothing is missed. */
  protected async resync() {
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
    this.socket = openVisitorSocket(() => this.token, {
      connect: async () => {
        this.set({ connection: 'online' });
        this.renewTokenIfDue();
        try {
          await this.resync();
        } catch {
          /* next reconnect retries */
        }
        void this.outbox.flush();
        this.markRead();
      },
      disconnect: () => this.set({ connection: 'reconnecting', agentTyping: false }),
      connectError: () => this.set({ connection: 'reconnecting' }),
      message: (p) => this.receive([p.message], p.conversation),
      messageUpdated: (p) =>
        this.set({ messages: mergeMessages(this.state.messages, [p.message]) }),
      conversation: (c) => this.updateConversation(c),
      read: (p) => this.set({ agentReadSeq: Math.max(this.state.agentReadSeq, p.seq) }),
      typing: (p) => {
        clearTimeout(this.agentTypingTimer);
        this.set({ agentTyping: !!p.typing });
        if (p.typing)
          this.agentTypingTimer = setTimeout(() => this.set({ agentTyping: false }), 8000);
      },
      queue: (q) => this.set({ queue: q }),
      resync: () => {
        this.resync().catch(() => {});
      },
    });
    this.set({ connection: 'connecting' });
  }

  protected receive(incoming: Message[], conversation?: Conversation) {
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
      postToPage({
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
}
