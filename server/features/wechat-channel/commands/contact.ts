/**
 * A WeChat user as a Kefu contact. Identities: `wechat_openid:<appid>` = openid (one per app), and
 * `wechat_unionid` = UnionID (one person across every app of the same Open Platform account). When
 * a UnionID arrives that another contact already has, the two are one person: merged at once, the
 * older contact kept (core mergeContacts: identities, conversations and messages move).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { addIdentity, mergeContacts } from '../../../core/commands/contacts.ts';
import type { Contact } from '../../../core/db/types.ts';
import { newId } from '../../../core/lib/ids.ts';
import { parseJson, presentContact } from '../../../core/presenters/index.ts';

export const openIdKind = (appId: string) => `wechat_openid:${appId}`;
export const UNIONID = 'wechat_unionid';

async function holder(ctx: CommandContext, kind: string, value: string): Promise<Contact | null> {
  const row = await ctx.tx
    .selectFrom('contact_identities as ci')
    .innerJoin('contacts as c', 'c.id', 'ci.contact_id')
    .selectAll('c')
    .where('ci.account_id', '=', ctx.accountId)
    .where('ci.kind', '=', kind)
    .where('ci.value', '=', value)
    .executeTakeFirst();
  if (!row) return null;
  let c: Contact = row;
  for (let i = 0; c.merged_into_id && i < 10; i++) {
    const next = await ctx.tx
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', c.merged_into_id)
      .executeTakeFirst();
    if (!next) break;
    c = next;
  }
  return c;
}

/** Whether the contact already has a UnionID identity. */
export async function hasUnionId(ctx: CommandContext, contactId: string): Promise<boolean> {
  const row = await ctx.tx
    .selectFrom('contact_identities')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('contact_id', '=', contactId)
    .where('kind', '=', UNIONID)
    .executeTakeFirst();
  return !!row;
}

export interface ResolveInput {
  appId: string;
  openId: string;
  subscribed?: boolean;
}

/** The contact of an openid, created with its identity on first sight. */
export async function resolveWechatContact(
  ctx: CommandContext,
  input: ResolveInput,
): Promise<{ contact: Contact; created: boolean }> {
  const kind = openIdKind(input.appId);
  const found = await holder(ctx, kind, input.openId);
  if (found) {
    if (input.subscribed !== undefined)
      return { contact: await setSubscribed(ctx, found, input.subscribed), created: false };
    return { contact: found, created: false };
  }
  const contact: Contact = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    name: null,
    email: null,
    phone: null,
    attributes: JSON.stringify({
      wechat: {
        appId: input.appId,
        ...(input.subscribed !== undefined ? { subscribed: input.subscribed } : {}),
      },
    }),
    merged_into_id: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    last_seen_at: ctx.now,
  };
  await ctx.tx.insertInto('contacts').values(contact).execute();
  await addIdentity(ctx, contact.id, kind, input.openId);
  await ctx.events.record('contact.created', { contact: presentContact(contact) });
  return { contact, created: true };
}

async function setSubscribed(
  ctx: CommandContext,
  c: Contact,
  subscribed: boolean,
): Promise<Contact> {
  const attrs = parseJson<Record<string, unknown>>(c.attributes, {});
  const wechat = (attrs.wechat ?? {}) as Record<string, unknown>;
  if (wechat.subscribed === subscribed) return c;
  const attributes = JSON.stringify({ ...attrs, wechat: { ...wechat, subscribed } });
  const updated = await ctx.tx
    .updateTable('contacts')
    .set({ attributes, updated_at: ctx.now })
    .where('id', '=', c.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.events.record('contact.updated', { contact: presentContact(updated) });
  return updated;
}

/**
 * Records the contact's UnionID; when another contact holds it, merges the younger of the two
 * into the older. Returns the contact that remains.
 */
export async function attachUnionId(
  ctx: CommandContext,
  input: { contactId: string; unionId: string },
): Promise<{ contactId: string; merged: boolean }> {
  const other = await holder(ctx, UNIONID, input.unionId);
  if (!other) {
    await addIdentity(ctx, input.contactId, UNIONID, input.unionId);
    return { contactId: input.contactId, merged: false };
  }
  if (other.id === input.contactId) return { contactId: other.id, merged: false };
  const self = await ctx.tx
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.contactId)
    .executeTakeFirstOrThrow();
  const older = Number(other.created_at) <= Number(self.created_at) ? other : self;
  const younger = older === other ? self : other;
  await mergeContacts(ctx, { targetId: older.id, sourceId: younger.id });
  return { contactId: older.id, merged: true };
}
