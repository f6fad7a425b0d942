/** Reads of API inboxes: the one a request's inbox token opens, and an admin's API inbox by id. */
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../../core/db/client.ts';
import { AppError, conflict, notFound } from '../../../core/errors.ts';
import { bearerToken } from '../../../core/http/auth.ts';
import { pathId } from '../../../core/http/schemas.ts';
import { tokenMatches } from '../domain/credentials.ts';
import type { ApiChannelInboxesTable } from '../tables.ts';

/** The API inbox a request may act in: what its inbox token opens. */
export interface InboxAccess {
  accountId: string;
  inboxId: string;
}

export const invalidInboxToken = () =>
  new AppError(
    'invalid_inbox_token',
    401,
    'The inbox token is missing or wrong for this inbox (Authorization: Bearer <inbox token>).',
  );

/**
 * The inbox behind `:inboxId` when the request's bearer token is its current inbox token. Unknown
 * inboxes, other channels, inboxes without a token and wrong tokens all answer the same 401: the
 * token is looked up by the inbox in the path and compared in constant time, so a token only ever
 * opens its own inbox, whatever account the path names.
 */
export async function authenticateInbox(
  db: Executor,
  req: FastifyRequest,
  rawInboxId: string,
): Promise<InboxAccess> {
  const token = bearerToken(req);
  const inboxId = pathId(rawInboxId);
  const row = inboxId
    ? await db
        .selectFrom('inboxes')
        .leftJoin('api_channel_inboxes as s', 's.inbox_id', 'inboxes.id')
        .select(['inboxes.id', 'inboxes.account_id', 's.token_hash'])
        .where('inboxes.id', '=', inboxId)
        .where('inboxes.channel_type', '=', 'api')
        .executeTakeFirst()
    : undefined;
  if (!tokenMatches(token ?? '', row?.token_hash) || !row || !token) throw invalidInboxToken();
  return { accountId: row.account_id, inboxId: row.id };
}

/** An admin's API inbox by path id: 404 when unknown or another account's, 409 for other channels. */
export async function apiInboxOf(db: Executor, accountId: string, rawId: string) {
  const id = pathId(rawId);
  const inbox = id
    ? await db
        .selectFrom('inboxes')
        .select(['id', 'channel_type'])
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!inbox) throw notFound('inbox');
  if (inbox.channel_type !== 'api')
    throw conflict('not_api_inbox', 'This inbox is not an API inbox.');
  return inbox.id;
}

/** The inbox's API channel settings row, if it was ever set up. */
export function settingsOf(
  db: Executor,
  accountId: string,
  inboxId: string,
): Promise<ApiChannelInboxesTable | undefined> {
  return db
    .selectFrom('api_channel_inboxes')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('inbox_id', '=', inboxId)
    .executeTakeFirst();
}
