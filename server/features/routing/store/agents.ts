/** Loads the agents' routing snapshot: availability, skills, teams, inboxes, live load per channel. */
import type { Executor } from '../../../core/db/client.ts';
import type { AgentSnapshot } from '../domain/route.ts';

const parse = <T>(s: string | null | undefined, d: T): T => {
  try {
    return s ? (JSON.parse(s) as T) : d;
  } catch {
    return d;
  }
};

export async function loadAgents(
  db: Executor,
  accountId: string,
  defaultCapacity: Record<string, number>,
): Promise<AgentSnapshot[]> {
  const [users, profiles, teams, inboxes, loads] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'availability', 'locale'])
      .where('account_id', '=', accountId)
      .where('disabled_at', 'is', null)
      .execute(),
    db.selectFrom('routing_agents').selectAll().where('account_id', '=', accountId).execute(),
    db
      .selectFrom('team_members')
      .select(['team_id', 'user_id'])
      .where('account_id', '=', accountId)
      .execute(),
    db
      .selectFrom('inbox_members')
      .select(['inbox_id', 'user_id'])
      .where('account_id', '=', accountId)
      .execute(),
    loadByAgent(db, accountId),
  ]);
  const byUser = new Map(profiles.map((p) => [p.user_id, p]));
  return users.map((u) => {
    const p = byUser.get(u.id);
    return {
      id: u.id,
      status: u.availability,
      skills: parse<Record<string, number>>(p?.skills, {}),
      languages: parse<string[]>(p?.languages, [u.locale.startsWith('zh') ? 'zh' : 'en']),
      teams: teams.filter((t) => t.user_id === u.id).map((t) => t.team_id),
      inboxes: inboxes.filter((i) => i.user_id === u.id).map((i) => i.inbox_id),
      load: loads.get(u.id) ?? {},
      capacity: { ...defaultCapacity, ...parse<Record<string, number>>(p?.capacity, {}) },
      lastAssignedAt: Number(p?.last_assigned_at ?? 0),
    };
  });
}

/** Open conversations per agent and channel. */
export async function loadByAgent(
  db: Executor,
  accountId: string,
): Promise<Map<string, Record<string, number>>> {
  const rows = await db
    .selectFrom('conversations')
    .innerJoin('inboxes', 'inboxes.id', 'conversations.inbox_id')
    .select([
      'conversations.assignee_id as agent',
      'inboxes.channel_type as channel',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('conversations.account_id', '=', accountId)
    .where('conversations.status', '=', 'open')
    .where('conversations.assignee_id', 'is not', null)
    .groupBy(['conversations.assignee_id', 'inboxes.channel_type'])
    .execute();
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const m = out.get(r.agent!) ?? {};
    m[r.channel] = Number(r.n);
    out.set(r.agent!, m);
  }
  return out;
}

/** Average handle time (assigned → released) of the last `n` routed conversations, in seconds. */
export async function recentHandleSeconds(
  db: Executor,
  accountId: string,
  fallback: number,
  n = 50,
): Promise<number> {
  const rows = await db
    .selectFrom('routing_assignments')
    .select(['assigned_at', 'released_at'])
    .where('account_id', '=', accountId)
    .where('released_at', 'is not', null)
    .orderBy('released_at', 'desc')
    .limit(n)
    .execute();
  if (rows.length < 3) return fallback;
  const total = rows.reduce((s, r) => s + (Number(r.released_at) - Number(r.assigned_at)), 0);
  return Math.max(10, Math.round(total / rows.length / 1000));
}

export async function upsertProfile(
  db: Executor,
  accountId: string,
  userId: string,
  patch: {
    skills?: Record<string, number>;
    languages?: string[];
    capacity?: Record<string, number>;
    lastActiveAt?: number;
    lastAssignedAt?: number;
  },
  now: number,
): Promise<void> {
  const values = {
    user_id: userId,
    account_id: accountId,
    skills: JSON.stringify(patch.skills ?? {}),
    languages: JSON.stringify(patch.languages ?? []),
    capacity: JSON.stringify(patch.capacity ?? {}),
    last_active_at: patch.lastActiveAt ?? null,
    last_assigned_at: patch.lastAssignedAt ?? 0,
    updated_at: now,
  };
  const set: Record<string, unknown> = { updated_at: now };
  if (patch.skills) set.skills = values.skills;
  if (patch.languages) set.languages = values.languages;
  if (patch.capacity) set.capacity = values.capacity;
  if (patch.lastActiveAt != null) set.last_active_at = patch.lastActiveAt;
  if (patch.lastAssignedAt != null) set.last_assigned_at = patch.lastAssignedAt;
  if (!patch.languages) {
    const u = await db
      .selectFrom('users')
      .select('locale')
      .where('id', '=', userId)
      .executeTakeFirst();
    values.languages = JSON.stringify([u?.locale?.startsWith('zh') ? 'zh' : 'en']);
  }
  await db
    .insertInto('routing_agents')
    .values(values)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(set))
    .execute();
}
