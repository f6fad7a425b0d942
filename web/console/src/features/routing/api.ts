/** Typed calls to the routing API. */
import { api, ApiError, t } from '../../lib/index.ts';

/** The localized text of an API error code (error.<code>, with its details), else the server's message. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  const s = t(
    `error.${e.code}`,
    (e.details ?? undefined) as Record<string, string | number> | undefined,
  );
  return s === `error.${e.code}` ? e.message : s;
}

export interface QueueItem {
  conversationId: string;
  contactId: string;
  position: number;
  estimatedWaitSeconds: number | null;
  overflow: string | null;
  reason: string;
  anger: number;
  tier: string;
  intent: string | null;
  language: string | null;
  enqueuedAt: string;
  pinned: boolean;
  displayId: number;
  contactName: string | null;
  channel: string;
  lastMessage: string | null;
  waitedSeconds: number;
  emotion: string | null;
}
export interface Alert {
  id: string;
  conversationId: string;
  kind: 'anger' | 'human_request';
  intensity: number;
  createdAt: string;
  acknowledgedBy: string | null;
  answeredAt: string | null;
  responseMs: number | null;
  displayId: number;
  contactName: string | null;
  channel: string | null;
  lastMessage: string | null;
}
export interface AgentLoad {
  id: string;
  status: string;
  load: Record<string, number>;
  capacity: Record<string, number>;
  skills: Record<string, number>;
}
export interface SlaTimer {
  kind: string;
  state: string;
  dueAt: string | null;
  warned: boolean;
  remainingMs: number | null;
}

export const routingApi = {
  queue: () => api<{ data: QueueItem[] }>('GET', '/api/v1/routing/queue'),
  pin: (id: string) => api('POST', `/api/v1/routing/queue/${id}/pin`),
  assign: (id: string, assigneeId: string, force = false) =>
    api('POST', `/api/v1/routing/queue/${id}/assign`, { assigneeId, ...(force ? { force } : {}) }),
  alerts: () => api<{ data: Alert[] }>('GET', '/api/v1/routing/alerts?limit=30'),
  join: (id: string) => api<Alert>('POST', `/api/v1/routing/alerts/${id}/join`),
  takeOver: (id: string, force = false) =>
    api<Alert>('POST', `/api/v1/routing/alerts/${id}/take-over`, force ? { force } : {}),
  agents: () => api<{ data: AgentLoad[] }>('GET', '/api/v1/routing/agents'),
  users: () => api<{ data: Array<{ id: string; name: string }> }>('GET', '/api/v1/users'),
  sla: (conversationId: string) =>
    api<{ data: SlaTimer[] }>('GET', `/api/v1/conversations/${conversationId}/sla`),
};
