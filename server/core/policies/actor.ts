import type { Role } from '../db/types.ts';

/** Who performs a command. Every actor belongs to exactly one account. */
export type Actor =
  | { kind: 'user'; userId: string; accountId: string; role: Role; sessionId?: string }
  | { kind: 'contact'; contactId: string; accountId: string; inboxId: string }
  | { kind: 'system'; accountId: string; name?: string };

export const systemActor = (accountId: string, name = 'system'): Actor => ({
  kind: 'system',
  accountId,
  name,
});
