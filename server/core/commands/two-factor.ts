/**
 * Two-factor authentication (TOTP, lib/totp.ts) for users: enrolment (a pending secret that becomes
 * the secret once a first code proves the app has it), ten single-use recovery codes (shown once,
 * stored as keyed hashes), disabling, and the second step of a sign-in. Secrets are sealed at rest
 * with the server secret (lib/secret-box.ts), which callers pass in as `serverSecret`.
 * A code is accepted once: the step of the last accepted code is stored and an equal or older step
 * is refused, with a conditional UPDATE so that two nodes cannot both accept the same code.
 */
import type { Executor } from '../db/client.ts';
import type { Role } from '../db/types.ts';
import { AppError, conflict, forbidden, unauthorized } from '../errors.ts';
import { hmacHex } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { open, seal } from '../lib/secret-box.ts';
import { base32Decode, newTotpSecret, otpauthUri, verifyTotp } from '../lib/totp.ts';
import { randomInt } from 'node:crypto';
import { authorize } from '../policies/can.ts';
import type { CommandContext } from './context.ts';

const PURPOSE = 'totp-secret';
export const RECOVERY_CODE_COUNT = 10;
export const TOTP_ISSUER = 'Kefu';
/** The roles an account's "require two-factor" setting applies to. */
export const ENFORCED_ROLES: ReadonlySet<Role> = new Set(['owner', 'admin']);

export const invalidCode = (status: 400 | 401) =>
  new AppError(
    'invalid_two_factor_code',
    status,
    'The authentication code or recovery code is incorrect.',
  );
export const twoFactorRequired = (
  message = 'Your account requires two-factor authentication: set it up in your profile first.',
) => new AppError('two_factor_required', 403, message);

export interface TwoFactorStatus {
  enabled: boolean;
  /** An enrolment was started and waits for its first code. */
  pending: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Executor, userId: string): Promise<TwoFactorStatus> {
  const row = await db
    .selectFrom('two_factor')
    .select(['enabled_at', 'pending_secret'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const left = row?.enabled_at
    ? await db
        .selectFrom('two_factor_recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow()
    : { n: 0 };
  return {
    enabled: !!row?.enabled_at,
    pending: !!row?.pending_secret,
    recoveryCodesLeft: Number(left.n),
  };
}

/** The account asks its owners and admins for two-factor authentication (accounts.settings). */
export function requiresTwoFactor(settingsJson: string): boolean {
  try {
    return JSON.parse(settingsJson)?.requireTwoFactor === true;
  } catch {
    return false;
  }
}

/** Whether the user has two-factor on, and whether the account makes them enrol before anything else. */
export async function twoFactorSummary(
  db: Executor,
  user: { id: string; account_id: string; role: Role },
): Promise<{ enabled: boolean; enrolmentRequired: boolean }> {
  const row = await db
    .selectFrom('accounts')
    .leftJoin('two_factor', (j) =>
      j.on('two_factor.user_id', '=', user.id).on('two_factor.enabled_at', 'is not', null),
    )
    .select(['accounts.settings', 'two_factor.user_id as enrolled'])
    .where('accounts.id', '=', user.account_id)
    .executeTakeFirst();
  const enabled = !!row?.enrolled;
  const required = !!row && ENFORCED_ROLES.has(user.role) && requiresTwoFactor(row.settings);
  return { enabled, enrolmentRequired: required && !enabled };
}

/**
 * Whether this user must enrol before using the API: their role is enforced, the account requires
 * it, and they have no enabled second factor.
 */
export async function mustEnrol(
  db: Executor,
  user: { accountId: string; userId: string; role: Role },
): Promise<boolean> {
  if (!ENFORCED_ROLES.has(user.role)) return false;
  const s = await twoFactorSummary(db, {
    id: user.userId,
    account_id: user.accountId,
    role: user.role,
  });
  return s.enrolmentRequired;
}

export async function hasTwoFactor(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('two_factor')
    .select('enabled_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!row?.enabled_at;
}

const userOf = (ctx: CommandContext) => {
  if (ctx.actor.kind !== 'user') throw unauthorized();
  return ctx.actor.userId;
};

/**
 * Starts (or restarts) enrolment: a new pending secret, returned once for the app to read. Refused
 * while two-factor is on (a stolen session must not swap the second factor; turn it off first, which
 * takes the password and a code).
 */
export async function setupTwoFactor(ctx: CommandContext, input: { serverSecret: string }) {
  const userId = userOf(ctx);
  if (await hasTwoFactor(ctx.tx, userId))
    throw conflict('two_factor_already_enabled', 'Two-step verification is already on.');
  const user = await ctx.tx
    .selectFrom('users')
    .select('email')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const secret = newTotpSecret();
  const pending = seal(input.serverSecret, PURPOSE, secret);
  await ctx.tx
    .insertInto('two_factor')
    .values({
      user_id: userId,
      account_id: ctx.accountId,
      secret: null,
      pending_secret: pending,
      enabled_at: null,
      last_step: null,
      updated_at: ctx.now,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ pending_secret: pending, updated_at: ctx.now }),
    )
    .execute();
  return { secret, otpauthUri: otpauthUri({ secret, label: user.email, issuer: TOTP_ISSUER }) };
}

/** Finishes enrolment with a first code of the pending secret; returns the recovery codes (once). */
export async function enableTwoFactor(
  ctx: CommandContext,
  input: { serverSecret: string; code: string },
): Promise<{ recoveryCodes: string[] }> {
  const userId = userOf(ctx);
  const row = await ctx.tx
    .selectFrom('two_factor')
    .select(['pending_secret'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const plain = row?.pending_secret ? open(input.serverSecret, PURPOSE, row.pending_secret) : null;
  if (!plain) throw conflict('two_factor_not_pending', 'Start the set-up first.');
  const step = verifyTotp(base32Decode(plain)!, input.code, ctx.now);
  if (step === null) throw invalidCode(400);
  await ctx.tx
    .updateTable('two_factor')
    .set({
      secret: row!.pending_secret,
      pending_secret: null,
      enabled_at: ctx.now,
      last_step: step,
      updated_at: ctx.now,
    })
    .where('user_id', '=', userId)
    .execute();
  return { recoveryCodes: await replaceRecoveryCodes(ctx, userId, input.serverSecret) };
}

/** Turns two-factor off after a valid code (TOTP or recovery); refused while the account requires it. */
export async function disableTwoFactor(
  ctx: CommandContext,
  input: { serverSecret: string; code: string },
): Promise<void> {
  const userId = userOf(ctx);
  if (ctx.actor.kind === 'user' && ENFORCED_ROLES.has(ctx.actor.role)) {
    const account = await ctx.tx
      .selectFrom('accounts')
      .select('settings')
      .where('id', '=', ctx.accountId)
      .executeTakeFirstOrThrow();
    if (requiresTwoFactor(account.settings))
      throw twoFactorRequired(
        'This account requires two-factor authentication for owners and admins; it cannot be turned off.',
      );
  }
  if (!(await checkSecondFactor(ctx, { ...input, userId, recoveryCode: input.code })))
    throw invalidCode(400);
  await ctx.tx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await ctx.tx.deleteFrom('two_factor').where('user_id', '=', userId).execute();
}

/** New recovery codes (the old ones stop working) after a valid authenticator code. */
export async function regenerateRecoveryCodes(
  ctx: CommandContext,
  input: { serverSecret: string; code: string },
): Promise<{ recoveryCodes: string[] }> {
  const userId = userOf(ctx);
  if (!(await checkSecondFactor(ctx, { ...input, userId }))) throw invalidCode(400);
  return { recoveryCodes: await replaceRecoveryCodes(ctx, userId, input.serverSecret) };
}

/**
 * The account's "require two-factor for owners and admins" (accounts.settings `requireTwoFactor`).
 * Turning it on needs the caller's own two-factor first (else they would be locked out at once).
 */
export async function setRequireTwoFactor(
  ctx: CommandContext,
  input: { requireTwoFactor: boolean },
): Promise<{ requireTwoFactor: boolean }> {
  authorize(ctx.actor, 'account.manage');
  const a = await ctx.tx
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', ctx.accountId)
    .executeTakeFirstOrThrow();
  if (input.requireTwoFactor && !requiresTwoFactor(a.settings)) {
    const mine = await ctx.tx
      .selectFrom('two_factor')
      .select('enabled_at')
      .where('user_id', '=', userOf(ctx))
      .executeTakeFirst();
    if (!mine?.enabled_at)
      throw twoFactorRequired('Turn on two-factor authentication for yourself first.');
  }
  let settings: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(a.settings);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) settings = parsed;
  } catch {
    /* unreadable settings start over */
  }
  await ctx.tx
    .updateTable('accounts')
    .set({
      settings: JSON.stringify({ ...settings, requireTwoFactor: input.requireTwoFactor }),
      updated_at: ctx.now,
    })
    .where('id', '=', ctx.accountId)
    .execute();
  return { requireTwoFactor: input.requireTwoFactor };
}

/**
 * Clears a user's two-factor (a lost phone and lost recovery codes): an admin for another user
 * (DELETE /api/v1/users/:id/2fa), or the operator (`kefu reset-2fa`, a system actor).
 */
export async function resetTwoFactor(ctx: CommandContext, input: { userId: string }) {
  if (ctx.actor.kind === 'contact') throw unauthorized();
  if (ctx.actor.kind === 'user' && ctx.actor.userId === input.userId)
    throw forbidden('Turn off your own two-factor in your profile.');
  const res = await ctx.tx
    .deleteFrom('two_factor')
    .where('user_id', '=', input.userId)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  await ctx.tx
    .deleteFrom('two_factor_recovery_codes')
    .where('user_id', '=', input.userId)
    .where('account_id', '=', ctx.accountId)
    .execute();
  return Number(res.numDeletedRows) > 0;
}

/**
 * The second step of a sign-in: a TOTP code or a recovery code, each accepted once. Throws
 * `invalid_two_factor_code` (401) otherwise.
 */
export async function verifySecondFactor(
  ctx: CommandContext,
  input: { serverSecret: string; userId: string; code?: string; recoveryCode?: string },
): Promise<'totp' | 'recovery'> {
  const used = await checkSecondFactor(ctx, input);
  if (!used) throw invalidCode(401);
  return used;
}

async function checkSecondFactor(
  ctx: CommandContext,
  input: { serverSecret: string; userId: string; code?: string; recoveryCode?: string },
): Promise<'totp' | 'recovery' | null> {
  const row = await ctx.tx
    .selectFrom('two_factor')
    .select(['secret', 'last_step', 'enabled_at'])
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (!row?.enabled_at || !row.secret) return null;
  if (input.code && /^\s*\d[\d\s]*$/.test(input.code)) {
    const plain = open(input.serverSecret, PURPOSE, row.secret);
    const last = row.last_step === null ? null : Number(row.last_step);
    const step = plain ? verifyTotp(base32Decode(plain)!, input.code, ctx.now, last) : null;
    if (step !== null) {
      const res = await ctx.tx
        .updateTable('two_factor')
        .set({ last_step: step, updated_at: ctx.now })
        .where('user_id', '=', input.userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return 'totp';
    }
  }
  if (input.recoveryCode) {
    const res = await ctx.tx
      .updateTable('two_factor_recovery_codes')
      .set({ used_at: ctx.now })
      .where('user_id', '=', input.userId)
      .where('code_hash', '=', recoveryHash(input.serverSecret, input.userId, input.recoveryCode))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return 'recovery';
  }
  return null;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
const recoveryHash = (serverSecret: string, userId: string, code: string) =>
  hmacHex(serverSecret, `kefu-recovery-code:${userId}:${normalizeRecovery(code)}`);

/** Ten codes like `k7m2q-x9rtw` (≈ 49 bits each); the previous ones are deleted. */
async function replaceRecoveryCodes(ctx: CommandContext, userId: string, serverSecret: string) {
  await ctx.tx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  const codes: string[] = [];
  while (codes.length < RECOVERY_CODE_COUNT) {
    const chars = Array.from(
      { length: 10 },
      () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
    );
    const code = `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
    if (!codes.includes(code)) codes.push(code);
  }
  await ctx.tx
    .insertInto('two_factor_recovery_codes')
    .values(
      codes.map((code) => ({
        id: newId(ctx.now),
        user_id: userId,
        account_id: ctx.accountId,
        code_hash: recoveryHash(serverSecret, userId, code),
        created_at: ctx.now,
        used_at: null,
      })),
    )
    .execute();
  return codes;
}
