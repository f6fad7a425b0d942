/**
 * Every route under `/api/v1/conversations/:id` (the core's and the features') answers 404 for a
 * conversation the caller may not see (policies/visibility.ts), before its handler runs, exactly as
 * for another account's id. Ids that are not UUIDs are left to the handler (404 there too).
 */
import type { Actor } from '../policies/actor.ts';
import { guardVisible } from '../policies/visibility.ts';
import type { Services } from '../services.ts';
import { pathId } from './schemas.ts';

const GUARDED = /^\/api\/v1\/conversations\/:id(\/|$)/;

/** Whether the route pattern names one conversation by its `:id`. */
export const guardsConversation = (url: string) => GUARDED.test(url);

export async function guardConversation(
  services: Services,
  actor: Actor,
  params: unknown,
): Promise<void> {
  if (actor.kind !== 'user' || actor.role !== 'agent') return; // only agents are ever restricted
  const raw = (params as { id?: unknown } | undefined)?.id;
  const id = typeof raw === 'string' ? pathId(raw) : null;
  if (id) await guardVisible(services.database.db, actor, id);
}
