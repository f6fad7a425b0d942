/** Article images: uploaded by editors through the storage port (served publicly by the help center). */
import type { CommandContext } from '../../../core/commands/context.ts';
import { tooLarge, unsupported } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';
import { safeFileName, sniffContentType } from '../../../core/lib/sniff.ts';
import { authorizeKb } from '../domain/policy.ts';

export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export async function uploadKbImage(
  ctx: CommandContext,
  input: { fileName: string; data: Buffer },
) {
  authorizeKb(ctx.actor, 'kb.manage');
  if (input.data.length > MAX_IMAGE_BYTES)
    throw tooLarge(`Images are limited to ${MAX_IMAGE_BYTES} bytes.`);
  const type = await sniffContentType(input.data);
  if (!IMAGE_TYPES.has(type))
    throw unsupported('Only PNG, JPEG, GIF and WebP images can be used in articles.');
  const account = await ctx.tx
    .selectFrom('accounts')
    .select('slug')
    .where('id', '=', ctx.accountId)
    .executeTakeFirstOrThrow();
  if (!ctx.storage) throw new Error('file storage is not configured');
  const id = newId(ctx.now);
  const key = `${ctx.accountId}/kb/${id}`;
  await ctx.storage.put(key, input.data);
  const fileName = safeFileName(input.fileName);
  await ctx.tx
    .insertInto('kb_files')
    .values({
      id,
      account_id: ctx.accountId,
      storage_key: key,
      content_type: type,
      file_name: fileName,
      size: input.data.length,
      uploader_id: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      created_at: ctx.now,
    })
    .execute();
  const url = `/help/${account.slug}/files/${id}`;
  return {
    id,
    url,
    contentType: type,
    size: input.data.length,
    markdown: `![${fileName.replace(/[[\]]/g, '')}](${url})`,
  };
}
