/** Read side of canned responses: the list an agent searches, one response, the customer's language. */
import type { Executor } from '../../../core/db/client.ts';
import type { CannedResponseDTO } from '../../../../shared/dto.ts';
import { parseTexts } from '../domain/texts.ts';

export const presentCanned = (r: {
  id: string;
  short_code: string;
  texts: string;
}): CannedResponseDTO => ({ id: r.id, shortCode: r.short_code, texts: parseTexts(r.texts) });

/** The account's responses by short code; `q` matches the short code or a text (any language). */
export async function listCanned(
  db: Executor,
  accountId: string,
  q?: string,
): Promise<CannedResponseDTO[]> {
  const rows = await db
    .selectFrom('canned_responses')
    .select(['id', 'short_code', 'texts'])
    .where('account_id', '=', accountId)
    .orderBy('short_code')
    .execute();
  const needle = q?.toLowerCase();
  return rows
    .map(presentCanned)
    .filter(
      (c) =>
        !needle ||
        c.shortCode.toLowerCase().includes(needle) ||
        Object.values(c.texts).some((t) => t?.toLowerCase().includes(needle)),
    );
}

export async function findCanned(db: Executor, accountId: string, id: string) {
  return db
    .selectFrom('canned_responses')
    .select(['id', 'short_code', 'texts'])
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function accountLocale(db: Executor, accountId: string): Promise<string | null> {
  const a = await db
    .selectFrom('accounts')
    .select('locale')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return a?.locale ?? null;
}
