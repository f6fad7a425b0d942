/** Supervisor overview state and how live events change it. Pure (no React), unit-tested. */
import type { ConversationDTO as FullConversationDTO } from '../../../../../shared/dto.ts';

export interface LiveConversation {
  id: string;
  displayId: number;
  status: string;
  priority: string;
  mode: string;
  assigneeId: string | null;
  teamId: string | null;
  inboxId: string;
  contact: { id: string; name: string | null; email: string | null };
  waitingSince: string | null;
  lastMessageAt: string | null;
  createdAt: string;
  emotion: { label: string; intensity: number; trend: string } | null;
}
export interface AgentLoad {
  id: string;
  name: string;
  email: string;
  role: string;
  availability: string;
  avatarUrl: string | null;
  openCount: number;
  pendingCount: number;
  lastActivityAt: string | null;
}
export interface Overview {
  generatedAt: string;
  conversations: LiveConversation[];
  truncated: boolean;
  agents: AgentLoad[];
  inboxes: Array<{ id: string; name: string; channelType: string }>;
  teams: Array<{ id: string; name: string }>;
  /** Open early-warning alerts from the routing feature, by conversation id (live only: from socket events). */
  alerts?: Record<string, string>;
}
/** The fields of a conversation event this view reads. */
type ConversationDTO = Pick<
  FullConversationDTO,
  | 'id'
  | 'displayId'
  | 'status'
  | 'priority'
  | 'mode'
  | 'assigneeId'
  | 'teamId'
  | 'inboxId'
  | 'contactId'
  | 'waitingSince'
  | 'lastMessageAt'
  | 'createdAt'
>;

const LIVE = new Set(['open', 'pending']);
const RANK: Record<string, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };

/** Same order as the server: priority, then longest waiting, then oldest. */
export function compareLive(a: LiveConversation, b: LiveConversation): number {
  const p = (RANK[b.priority] ?? 0) - (RANK[a.priority] ?? 0);
  if (p) return p;
  const wa = a.waitingSince ? Date.parse(a.waitingSince) : Infinity;
  const wb = b.waitingSince ? Date.parse(b.waitingSince) : Infinity;
  if (wa !== wb) return wa < wb ? -1 : 1;
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}

function recount(agents: AgentLoad[], conversations: LiveConversation[]): AgentLoad[] {
  return agents.map((a) => ({
    ...a,
    openCount: conversations.filter((c) => c.assigneeId === a.id && c.status === 'open').length,
    pendingCount: conversations.filter((c) => c.assigneeId === a.id && c.status === 'pending')
      .length,
  }));
}

/**
 * Applies one agent-socket event. Returns the new state and whether a refetch is needed (a live
 * conversation we do not know yet: its contact name comes from the server).
 */
export function applyEvent(
  state: Overview,
  e: { type: string; payload: any },
): { state: Overview; refetch: boolean } {
  if (e.type === 'resync') return { state, refetch: true };
  if (e.type === 'user.availability_changed') {
    const { userId, availability } = e.payload ?? {};
    return {
      state: {
        ...state,
        agents: state.agents.map((a) => (a.id === userId ? { ...a, availability } : a)),
      },
      refetch: false,
    };
  }
  if (e.type === 'routing.alert_raised' && e.payload?.conversationId) {
    return {
      state: {
        ...state,
        alerts: { ...state.alerts, [e.payload.conversationId]: String(e.payload.kind) },
      },
      refetch: false,
    };
  }
  if (e.type === 'routing.alert_answered' && e.payload?.conversationId) {
    const { [e.payload.conversationId]: _answered, ...alerts } = state.alerts ?? {};
    return { state: { ...state, alerts }, refetch: false };
  }
  if (e.type === 'message.analyzed') {
    const p = e.payload ?? {};
    const conversations = state.conversations.map((c) =>
      c.id === p.conversationId && p.emotion
        ? {
            ...c,
            emotion: {
              label: p.emotion.label,
              intensity: p.emotion.intensity,
              trend: p.trend ?? 'stable',
            },
          }
        : c,
    );
    return { state: { ...state, conversations }, refetch: false };
  }
  const c: ConversationDTO | undefined = e.payload?.conversation;
  if (!c || (!e.type.startsWith('conversation.') && e.type !== 'message.created'))
    return { state, refetch: false };
  const known = state.conversations.find((x) => x.id === c.id);
  if (!LIVE.has(c.status)) {
    if (!known) return { state, refetch: false };
    const conversations = state.conversations.filter((x) => x.id !== c.id);
    return {
      state: { ...state, conversations, agents: recount(state.agents, conversations) },
      refetch: false,
    };
  }
  if (!known) return { state, refetch: true };
  const updated: LiveConversation = {
    ...known,
    status: c.status,
    priority: c.priority,
    mode: c.mode,
    assigneeId: c.assigneeId,
    teamId: c.teamId,
    inboxId: c.inboxId,
    waitingSince: c.waitingSince,
    lastMessageAt: c.lastMessageAt,
  };
  const conversations = state.conversations
    .map((x) => (x.id === c.id ? updated : x))
    .sort(compareLive);
  return {
    state: { ...state, conversations, agents: recount(state.agents, conversations) },
    refetch: false,
  };
}
