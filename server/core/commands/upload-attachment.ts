/** Stores an uploaded file: type sniffed from its bytes (never trusted from the client), per-account size limit. */
import type { Attachment } from '../db/types.ts';
import { tooLarge } from '../errors.ts';
import { newId } from '../lib/ids.ts';
import { sniffContentType, safeFileName } from '../lib/sniff.ts';
import { parseJson } from '../presenters/index.ts';
import type { CommandContext } from './context.ts';

export async function uploadAttachment(
  ctx: CommandContext,
  input: { fileName: string; data: Buffer },
): Promise<Attachment> {
  const account = await ctx.tx
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', ctx.accountId)
    .executeTakeFirstOrThrow();
  const limit = Number(
    parseJson<{ uploadLimitBytes?: number }>(account.settings, {}).uploadLimitBytes ??
      10 * 1024 * 1024,
  );
  if (input.data.length > limit)
    throw tooLarge(`The file is larger than this account's limit of ${limit} bytes.`);
  const actor = ctx.actor;
  const uploaderId =
    actor.kind === 'user' ? actor.userId : actor.kind === 'contact' ? actor.contactId : 'system';
  const id = newId(ctx.now);
  const key = `${ctx.accountId}/${id}`;
  if (!ctx.storage) throw new Error('file storage is not configured');
  await ctx.storage.put(key, input.data);
  const row: Attachment = {
    id,
    account_id: ctx.accountId,
    message_id: null,
    uploader_type: actor.kind === 'user' ? 'user' : actor.kind === 'contact' ? 'contact' : 'system',
    uploader_id: uploaderId,
    file_name: safeFileName(input.fileName),
    content_type: await sniffContentType(input.data),
    size: input.data.length,
    storage_key: key,
    created_at: ctx.now,
  };
  await ctx.tx.insertInto('attachments').values(row).execute();
  return row;
}
