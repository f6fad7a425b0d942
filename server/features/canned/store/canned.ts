/** Read side of canned responses: the list an agent searches, one response, the customer's language. */
import type { Executor } from '../../../core/db/client.ts';
import type { CannedResponseDTO } from '../../../../shared/dto.ts';
import type { Locale } from '../../../../shared/i18n.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { customerLanguage, parseTexts } from '../domain/texts.ts';

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

/**
 * The language the customer of a conversation reads: what they write in (the AI feature's published
 * read model `conversation_ai`, absent until a message is analysed), else their contact's `locale`
 * (the widget stores the browser's), else the account's (domain/texts.ts).
 */
export async function customerLanguageOf(
  db: Executor,
  accountId: string,
  conversationId: string,
): Promise<{ language: Locale; accountLocale: string | null }> {
  const row = await db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('conversation_ai as ai', 'ai.conversation_id', 'c.id')
    .select(['ai.language as detected', 'ct.attributes', 'a.locale'])
    .where('c.account_id', '=', accountId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  const contactLocale = parseJson<{ locale?: unknown }>(row?.attributes, {}).locale;
  return {
    language: customerLanguage({
      detected: row?.detected,
      contactLocale: typeof contactLocale === 'string' ? contactLocale : null,
      accountLocale: row?.locale,
    }),
    accountLocale: row?.locale ?? null,
  };
}
