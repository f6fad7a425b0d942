/**
 * SSO feature: sign-in with OpenID Connect (Authorization Code + PKCE) against the account's own
 * identity provider, users created just in time, and an optional "SSO only" rule for password
 * sign-ins. Settings in routes/config.ts, the sign-in in routes/login.ts + flow.ts; see README.md.
 */
import type {} from './tables.ts'; // the feature's tables merge into the core's types
import type { Feature } from '../../core/kit/feature.ts';
import { addPasswordSignInGuard } from '../../core/kit/sign-in-guards.ts';
import { ssoOnlyGuard } from './guard.ts';
import * as m080 from './migrations/080-sso.ts';
import { configRoutes } from './routes/config.ts';
import { loginRoutes } from './routes/login.ts';

addPasswordSignInGuard(ssoOnlyGuard); // "SSO only" accounts refuse passwords (owners excepted)

export const ssoFeature: Feature = {
  name: 'sso',
  migrations: { '080-sso': m080 },
  routes: [...configRoutes, ...loginRoutes],
};
