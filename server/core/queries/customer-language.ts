/**
 * The one language a conversation's customer gets what Kefu itself writes to them in (the handover
 * notice, automatic replies, the bot's own texts): what they write in (the analysis of their own
 * messages, through the affect registry in core/kit), else what their browser or channel said (the
 * contact's `locale`: the widget reports the language it shows, which follows the browser unless the
 * page set it), else the account's language. The widget shows its texts in that same browser
 * language, so both agree unless the customer writes in another language than their browser's.
 */
import { type Locale, pickLocale } from '../../../shared/i18n.ts';
import type { Executor } from '../db/client.ts';
import { conversationAffect } from '../kit/affect-registry.ts';
import { parseJson } from '../presenters/index.ts';

export interface LanguageSignals {
  /** Detected from the customer's own messages (`zh` | `en`), when analysed. */
  detected?: string | null;
  /** The contact's locale, e.g. `en-US`. */
  contactLocale?: string | null;
  accountLocale?: string | null;
}

/** Pure: the first signal that names a supported language, else zh-CN. */
export const customerLocale = (s: LanguageSignals): Locale =>
  pickLocale('zh-CN', s.detected, s.contactLocale, s.accountLocale);

/** The customer language of a conversation of the account (zh-CN when there is no such conversation). */
export async function customerLanguage(
  db: Executor,
  accountId: string,
  conversationId: string,
): Promise<Locale> {
  // one after the other: `db` may be a transaction (one connection)
  const affect = await conversationAffect(db, accountId, conversationId);
  const row = await db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['ct.attributes', 'a.locale'])
    .where('c.account_id', '=', accountId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  const contactLocale = parseJson<{ locale?: unknown }>(row?.attributes, {}).locale;
  return customerLocale({
    detected: affect?.language,
    contactLocale: typeof contactLocale === 'string' ? contactLocale : null,
    accountLocale: row?.locale,
  });
}

/** The two-letter form the server's own texts are keyed by. */
export const textLanguage = (l: Locale): 'zh' | 'en' => (l === 'en' ? 'en' : 'zh');
