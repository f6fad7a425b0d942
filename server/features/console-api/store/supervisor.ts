/**
 * Supervisor overview: every live (open/pending) conversation with who has it, how long the
 * customer has waited and the latest detected emotion; every agent with availability, load and
 * last activity. Supervisors and above only.
 *
 * The reads behind it.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../core/db/client.ts';
import { iso } from '../../../core/presenters/index.ts';
import { compareLive, OVERVIEW_LIMIT } from '../domain/supervisor.ts';

export async function liveConversations(db: Executor, accountId: string, now: number) {
  const rows = await db
    .selectFrom('conversations as c')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('conversation_ai as e', 'e.conversation_id', 'c.id') // the AI feature's read model (absent without analysis)
    .select([
      'c.id',
      'c.display_id',
      'c.status',
      'c.priority',
      'c.assignee_id',
      'c.team_id',
      'c.inbox_id',
      'c.contact_id',
      'c.mode',
      'c.waiting_since',
      'c.last_message_at',
      'c.created_at',
      'ct.name as contact_name',
      'ct.email as contact_email',
      'e.emotion_label as emotion_label',
      'e.emotion_intensity as emotion_intensity',
      'e.trend as emotion_trend',
    ])
    .where('c.account_id', '=', accountId)
    .where('c.status', 'in', ['open', 'pending'])
    .orderBy('c.updated_at', 'desc')
    .limit(OVERVIEW_LIMIT + 1)
    .execute();
  const truncated = rows.length > OVERVIEW_LIMIT;
  const data = rows
    .slice(0, OVERVIEW_LIMIT)
    .sort(compareLive)
    .map((r) => ({
      id: r.id,
      displayId: Number(r.display_id),
      status: r.status,
      priority: r.priority,
      mode: r.mode,
      assigneeId: r.assignee_id,
      teamId: r.team_id,
      inboxId: r.inbox_id,
      contact: { id: r.contact_id, name: r.contact_name, email: r.contact_email },
      waitingSince: iso(r.waiting_since),
      waitingSeconds:
        r.waiting_since == null
          ? null
          : Math.max(0, Math.floor((now - Number(r.waiting_since)) / 1000)),
      lastMessageAt: iso(r.last_message_at),
      createdAt: iso(r.created_at),
      emotion:
        r.emotion_label == null
          ? null
          : {
              label: r.emotion_label,
              intensity: Number(r.emotion_intensity),
              trend: r.emotion_trend,
            },
    }));
  return { data, truncated };
}

export async function agentStatus(db: Executor, accountId: string) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'availability', 'avatar_url'])
    .where('account_id', '=', accountId)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
  const loads = await db
    .selectFrom('conversations')
    .select(['assignee_id', 'status', (eb) => eb.fn.countAll().as('n')])
    .where('account_id', '=', accountId)
    .where('status', 'in', ['open', 'pending'])
    .where('assignee_id', 'is not', null)
    .groupBy(['assignee_id', 'status'])
    .execute();
  const seen = await db
    .selectFrom('sessions')
    .select(['user_id', sql<number>`max(last_seen_at)`.as('last')])
    .where('account_id', '=', accountId)
    .groupBy('user_id')
    .execute();
  const lastSeen = new Map(seen.map((s) => [s.user_id, s.last == null ? null : Number(s.last)]));
  const count = (id: string, status: string) =>
    Number(loads.find((l) => l.assignee_id === id && l.status === status)?.n ?? 0);
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    availability: u.availability,
    avatarUrl: u.avatar_url,
    openCount: count(u.id, 'open'),
    pendingCount: count(u.id, 'pending'),
    lastActivityAt: iso(lastSeen.get(u.id) ?? null),
  }));
}

export async function inboxesOf(db: Executor, accountId: string) {
  return db
    .selectFrom('inboxes')
    .select(['id', 'name', 'channel_type'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

export async function teamsOf(db: Executor, accountId: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .orderBy('name')
    .execute();
}
