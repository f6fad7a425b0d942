/** Scripted event histories for the facts tests: events as the core and features record them. */
import type { FoldEvent } from '../domain/fold.ts';
import type { ConversationView } from '../domain/state.ts';

export class History {
  events: FoldEvent[] = [];
  private id = 0;
  view: ConversationView;

  constructor(
    public t0: number,
    mode: 'bot' | 'human',
    inboxId = 'inbox-1',
  ) {
    this.view = {
      id: 'conv-1',
      inboxId,
      contactId: 'contact-1',
      status: 'open',
      mode,
      assigneeId: null,
      teamId: null,
      createdAt: new Date(t0).toISOString(),
      labels: [],
    };
  }

  private push(type: string, at: number, payload: Record<string, unknown>): this {
    this.events.push({ id: ++this.id, type, createdAt: at, payload });
    return this;
  }

  private conv(patch: Partial<ConversationView> = {}) {
    this.view = { ...this.view, ...patch };
    return { ...this.view };
  }

  created(at = this.t0) {
    return this.push('conversation.created', at, { conversation: this.conv() });
  }

  private message(at: number, type: string, sender: string, kind?: string) {
    return this.push('message.created', at, {
      message: { type, sender: { type: sender, id: null }, attributes: kind ? { kind } : {} },
      conversation: this.conv(),
    });
  }

  customer(at: number) {
    return this.message(at, 'incoming', 'contact');
  }
  agent(at: number) {
    return this.message(at, 'outgoing', 'user');
  }
  note(at: number) {
    return this.message(at, 'note', 'user');
  }
  bot(at: number) {
    return this.message(at, 'outgoing', 'bot', 'bot_answer');
  }
  autoReply(at: number) {
    return this.message(at, 'outgoing', 'system', 'auto_reply');
  }

  /** request-human: mode → human (and open) with the notice (a system message), then its events. */
  handover(at: number, reason = 'customer_request') {
    const reopen = this.view.status === 'resolved' ? { status: 'open' } : {};
    this.conv({ mode: 'human', ...reopen });
    this.message(at, 'outgoing', 'system', 'handover');
    this.push('conversation.updated', at, { conversation: this.conv(), changes: ['mode'] });
    return this.push('conversation.handover_requested', at, { conversation: this.conv(), reason });
  }

  assign(at: number, assigneeId: string) {
    const previousAssigneeId = this.view.assigneeId;
    return this.push('conversation.assigned', at, {
      conversation: this.conv({ assigneeId }),
      previousAssigneeId,
      previousTeamId: null,
    });
  }

  status(at: number, status: string) {
    const previousStatus = this.view.status;
    return this.push('conversation.status_changed', at, {
      conversation: this.conv({ status }),
      previousStatus,
    });
  }

  /** A customer message on a resolved conversation: status_changed (reopen) then the message. */
  customerReopens(at: number) {
    this.status(at, 'open');
    return this.customer(at);
  }

  analyzed(at: number, sentiment: string, emotion: string, intent: string | null = null) {
    return this.push('message.analyzed', at, {
      sentiment: { label: sentiment, score: 0.5 },
      emotion: { label: emotion, intensity: 0.5 },
      intent: intent ? { label: intent, confidence: 0.9 } : null,
      language: 'zh',
      humanRequest: false,
    });
  }

  csat(at: number, rating: number) {
    return this.push('csat.received', at, {
      rating,
      comment: null,
      conversation: this.conv(),
    });
  }

  sla(at: number, type: 'sla.warning' | 'sla.breached', kind: string) {
    return this.push(type, at, { kind, conversationId: this.view.id });
  }

  feedback(at: number, helpful: boolean) {
    return this.push('bot.feedback', at, { helpful, conversationId: this.view.id });
  }
}
