/**
 * `kefu reset-2fa --email EMAIL`: the operator's way back in for someone who lost both their
 * authenticator and their recovery codes (an account's only owner has nobody above them to reset it
 * in the console). Their next sign-in asks for the password only; if the account requires two-step
 * verification for their role, they enrol again right after.
 */
import type { CommandDeps } from '../core/commands/context.ts';
import { execute } from '../core/commands/context.ts';
import { resetTwoFactor } from '../core/commands/two-factor.ts';
import type { Config } from '../core/config.ts';
import { withDeps } from './commands.ts';

/** Clears the two-factor of the user with `email`; false when they had none. */
export async function resetTwoFactorByEmail(deps: CommandDeps, email: string): Promise<boolean> {
  const user = await deps.database.db
    .selectFrom('users')
    .select(['id', 'account_id'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) throw new Error(`no user with email "${email}"`);
  return execute(deps, { kind: 'system', accountId: user.account_id }, resetTwoFactor, {
    userId: user.id,
  });
}

export async function resetTwoFactorCmd(
  config: Config,
  v: Record<string, string | undefined>,
): Promise<number> {
  if (!v.email) throw new Error('missing option(s): --email');
  const had = await withDeps(config, (deps) => resetTwoFactorByEmail(deps, v.email!));
  process.stdout.write(
    had
      ? `Two-step verification of ${v.email} is off; recovery codes deleted.\n`
      : `${v.email} had no two-step verification.\n`,
  );
  return 0;
}
