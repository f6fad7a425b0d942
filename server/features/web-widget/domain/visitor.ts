/** The visitor as the widget API sees them (pure): the contact guard and their view of a conversation. */
import { unauthorized } from '../../../core/errors.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { presentConversation } from '../../../core/presenters/index.ts';

/** The request's actor when it is a visitor (contact), else 401. */
export const contactActor = (a: Actor) => {
  if (a.kind !== 'contact') throw unauthorized();
  return a;
};

/** What a visitor sees of their conversation. */
export function visitorConversation(c: Parameters<typeof presentConversation>[0]) {
  const dto = presentConversation(c);
  return {
    id: dto.id,
    status: dto.status,
    mode: dto.mode,
    lastSeq: dto.lastSeq,
    createdAt: dto.createdAt,
    assigned: !!dto.assigneeId,
    resolvedAt: dto.resolvedAt,
    visitorReadSeq: Number(c.contact_last_read_seq ?? 0),
  };
}
