/**
 * Page-view rules (proactive chat): the widget reports the page and the time spent on it; matching
 * `page_view` rules post their message into the visitor's conversation (opened when needed) as an
 * outgoing automatic message. A rule fires at most once per visitor per cooldown (stored, counted
 * under the account lock, so repeated reports, several tabs and several nodes fire it once).
 */
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import { evaluate } from './conditions.ts';
import { audit, toRule } from './engine.ts';
import { contactFacts, fireForContact } from './proactive.ts';
import type { PageViewSettings } from './triggers.ts';

export const PageViewBody = z.strictObject({
  url: z
    .string()
    .max(2000)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL'),
  title: z.string().max(300).optional(),
  secondsOnPage: z.number().min(0).max(86_400),
});
export type PageView = z.infer<typeof PageViewBody>;

export async function onPageView(
  services: Services,
  visitor: { accountId: string; contactId: string; inboxId: string },
  view: PageView,
): Promise<{ fired: number; conversationId: string | null }> {
  const db = services.database.db;
  const rows = await db
    .selectFrom('automation_rules')
    .selectAll()
    .where('account_id', '=', visitor.accountId)
    .where('event', '=', 'page_view')
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const out = { fired: 0, conversationId: null as string | null };
  if (!rows.length) return out;
  const now = services.clock.now();
  const u = new URL(view.url);
  const page = {
    url: view.url,
    host: u.host,
    path: u.pathname,
    query: u.search,
    title: view.title ?? '',
    secondsOnPage: view.secondsOnPage,
  };
  const facts = await contactFacts(db, visitor.accountId, visitor.contactId, now, {
    page,
    event: { type: 'page_view' },
  });
  for (const row of rows) {
    const rule = toRule(row);
    if (!evaluate(rule.conditions, facts)) continue;
    const cooldownMs =
      ((rule.trigger as PageViewSettings | null)?.cooldownMinutes ?? 24 * 60) * 60_000;
    try {
      const r = await fireForContact(services, {
        rule,
        accountId: visitor.accountId,
        contactId: visitor.contactId,
        inboxId: visitor.inboxId,
        trigger: { type: 'page_view', vars: { page } },
        claim: async (ctx) => {
          const last = await ctx.tx
            .selectFrom('automation_cooldowns')
            .select('fired_at')
            .where('rule_id', '=', rule.id)
            .where('subject', '=', visitor.contactId)
            .executeTakeFirst();
          if (last && Number(last.fired_at) > ctx.now - cooldownMs) return false;
          await ctx.tx
            .insertInto('automation_cooldowns')
            .values({
              rule_id: rule.id,
              subject: visitor.contactId,
              account_id: ctx.accountId,
              fired_at: ctx.now,
            })
            .onConflict((oc) =>
              oc.columns(['rule_id', 'subject']).doUpdateSet({ fired_at: ctx.now }),
            )
            .execute();
          return true;
        },
      });
      if (r.outcome === 'fired') {
        out.fired++;
        out.conversationId = r.conversationId;
      }
    } catch (err) {
      await audit(
        services,
        { id: null, type: 'page_view', accountId: visitor.accountId, conversationId: null },
        rule,
        'error',
        { error: (err as { code?: string }).code ?? 'internal_error' },
      );
    }
    if (rule.stopProcessing) break;
  }
  return out;
}
