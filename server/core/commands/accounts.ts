/** Accounts (tenants), users, inboxes: the set-up commands used by the CLI, seeding and admin routes. */
import type { Account, Inbox, Role, User } from '../db/types.ts';
import { badInput, conflict, forbidden, notFound } from '../errors.ts';
import { hashPassword } from '../lib/crypto.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { authorize, ROLE_RANK } from '../policies/can.ts';
import type { CommandContext } from './context.ts';

export interface CreateAccountInput {
  name: string;
  slug: string;
  locale?: string;
}

export async function createAccount(
  ctx: CommandContext,
  input: CreateAccountInput,
): Promise<Account> {
  const taken = await ctx.tx
    .selectFrom('accounts')
    .select('id')
    .where('slug', '=', input.slug)
    .executeTakeFirst();
  if (taken) throw conflict('slug_taken', 'This account slug is already taken.');
  const account: Account = {
    id: ctx.accountId,
    name: input.name,
    slug: input.slug,
    locale: input.locale ?? 'zh-CN',
    settings: JSON.stringify({ uploadLimitBytes: 10 * 1024 * 1024 }),
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.tx.insertInto('accounts').values(account).execute();
  return account;
}

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  role: Role;
  locale?: string;
}

export async function createUser(ctx: CommandContext, input: CreateUserInput): Promise<User> {
  if (ctx.actor.kind === 'user') {
    authorize(ctx.actor, 'user.manage');
    if (ROLE_RANK[input.role] > ROLE_RANK[ctx.actor.role])
      throw forbidden('You cannot create a user with a higher role than yours.');
  }
  const email = input.email.trim().toLowerCase();
  const exists = await ctx.tx
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (exists) throw conflict('email_taken', 'A user with this email already exists.');
  const user: User = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    email,
    name: input.name,
    password_hash: await hashPassword(input.password),
    role: input.role,
    locale: input.locale ?? 'zh-CN',
    availability: 'offline',
    avatar_url: null,
    preferences: JSON.stringify({ notifications: { desktop: true, sound: true } }),
    password_changed_at: ctx.now,
    created_at: ctx.now,
    updated_at: ctx.now,
    disabled_at: null,
  };
  await ctx.tx.insertInto('users').values(user).execute();
  return user;
}

export interface CreateInboxInput {
  name: string;
  channelType: 'web_widget' | 'api' | 'email' | 'wechat_oa';
  settings?: Record<string, unknown>;
}

export const defaultWidgetSettings = {
  color: '#1f6feb',
  greeting: { 'zh-CN': '你好！有什么可以帮您？', en: 'Hi! How can we help?' },
  position: 'right',
  preChatForm: { enabled: false, fields: ['name', 'email'] },
  allowedDomains: [] as string[],
  bot: { mode: 'off' },
  requireIdentityVerification: false,
};

export async function createInbox(ctx: CommandContext, input: CreateInboxInput): Promise<Inbox> {
  authorize(ctx.actor, 'inbox.manage');
  const inbox: Inbox = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    name: input.name,
    channel_type: input.channelType,
    public_token: randomToken(18),
    hmac_secret: randomToken(32),
    settings: JSON.stringify({
      ...(input.channelType === 'web_widget' ? defaultWidgetSettings : {}),
      ...input.settings,
    }),
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.tx.insertInto('inboxes').values(inbox).execute();
  return inbox;
}

export async function updateInbox(
  ctx: CommandContext,
  input: { inboxId: string; name?: string; settings?: Record<string, unknown> },
): Promise<Inbox> {
  authorize(ctx.actor, 'inbox.manage');
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.inboxId)
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  const settings = input.settings
    ? { ...JSON.parse(inbox.settings), ...input.settings }
    : undefined;
  return ctx.tx
    .updateTable('inboxes')
    .set({
      ...(input.name ? { name: input.name } : {}),
      ...(settings ? { settings: JSON.stringify(settings) } : {}),
      updated_at: ctx.now,
    })
    .where('id', '=', inbox.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createTeam(
  ctx: CommandContext,
  input: { name: string; description?: string; memberIds?: string[] },
) {
  authorize(ctx.actor, 'team.manage');
  const exists = await ctx.tx
    .selectFrom('teams')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (exists) throw conflict('name_taken', 'A team with this name already exists.');
  const team = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    name: input.name,
    description: input.description ?? '',
    created_at: ctx.now,
  };
  await ctx.tx.insertInto('teams').values(team).execute();
  await setTeamMembers(ctx, { teamId: team.id, memberIds: input.memberIds ?? [] });
  return team;
}

export async function setTeamMembers(
  ctx: CommandContext,
  input: { teamId: string; memberIds: string[] },
): Promise<string[]> {
  authorize(ctx.actor, 'team.manage');
  const team = await ctx.tx
    .selectFrom('teams')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.teamId)
    .executeTakeFirst();
  if (!team) throw notFound('team');
  const ids = [...new Set(input.memberIds)];
  if (ids.length) {
    const users = await ctx.tx
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', ctx.accountId)
      .where('id', 'in', ids)
      .execute();
    if (users.length !== ids.length)
      throw badInput('unknown_user', 'Some member ids are not agents of this account.');
  }
  await ctx.tx.deleteFrom('team_members').where('team_id', '=', team.id).execute();
  if (ids.length)
    await ctx.tx
      .insertInto('team_members')
      .values(ids.map((user_id) => ({ team_id: team.id, user_id, account_id: ctx.accountId })))
      .execute();
  return ids;
}
