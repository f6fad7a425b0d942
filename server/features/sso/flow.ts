/**
 * The two legs of a sign-in with SSO (Authorization Code + PKCE S256, state and nonce):
 * `startLogin` finds the account (by email domain or slug) and builds the IdP's authorization URL;
 * `finishLogin` takes the IdP's answer for a pending sign-in whose state already matched, exchanges
 * the code, verifies the ID token and returns the Kefu user (users.ts).
 */
import { open } from '../../core/lib/secret-box.ts';
import type { Services } from '../../core/services.ts';
import { ssoError } from './errors.ts';
import { newLogin, type PendingLogin } from './login-state.ts';
import { discover, exchangeCode, fetchUserinfo, keysFor, verifyIdToken } from './oidc.ts';
import { findAccountFor, getConfig, secretPurpose } from './store.ts';
import { resolveUser } from './users.ts';

export const SCOPES = 'openid email profile';

/** The account's settings and its client secret, when SSO is switched on and complete. */
async function usableConfig(services: Services, accountId: string) {
  const config = await getConfig(services.database.db, accountId);
  if (!config?.enabled || !config.clientSecretSealed) throw ssoError('sso_not_configured');
  const secret = open(services.secret, secretPurpose(accountId), config.clientSecretSealed);
  if (secret === null) throw ssoError('sso_not_configured'); // sealed under another SECRET_KEY
  return { config, secret };
}

export async function startLogin(
  services: Services,
  by: { email?: string; slug?: string },
  redirectUri: string,
): Promise<{ url: string; login: PendingLogin }> {
  const accountId = await findAccountFor(services.database.db, by);
  if (!accountId) throw ssoError('sso_not_configured');
  const { config } = await usableConfig(services, accountId);
  const now = services.clock.now();
  const d = await discover(config.issuer, services.config.allowPrivateOutbound, now);
  const { login, challenge } = newLogin(accountId, redirectUri, now);
  const url = new URL(d.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: SCOPES,
    state: login.state,
    nonce: login.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(by.email ? { login_hint: by.email } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.toString(), login };
}

export interface CallbackQuery {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  error_description?: string;
}

export async function finishLogin(services: Services, login: PendingLogin, q: CallbackQuery) {
  if (q.error) {
    const cause = new Error(`${q.error}: ${q.error_description ?? ''}`);
    throw ssoError(q.error === 'access_denied' ? 'sso_access_denied' : 'sso_idp_error', cause);
  }
  const { config, secret } = await usableConfig(services, login.accountId);
  const allowPrivate = services.config.allowPrivateOutbound;
  const now = services.clock.now();
  const d = await discover(config.issuer, allowPrivate, now);
  // RFC 9207: an IdP that names itself must be the one this sign-in went to (mix-up defence)
  if (q.iss !== undefined && q.iss !== d.issuer)
    throw ssoError('sso_idp_error', new Error('the answer came from another issuer'));
  if (!q.code) throw ssoError('sso_idp_error', new Error('no code in the answer'));
  const tokens = await exchangeCode(
    d,
    {
      clientId: config.clientId,
      clientSecret: secret,
      code: q.code,
      redirectUri: login.redirectUri,
      codeVerifier: login.verifier,
    },
    allowPrivate,
  );
  const claims = await verifyIdToken(tokens.idToken, keysFor(d.jwks_uri, allowPrivate), {
    issuer: d.issuer,
    clientId: config.clientId,
    nonce: login.nonce,
    now,
  });
  let info: Record<string, unknown> = {};
  // Many IdPs put the email in the ID token; others only answer it at userinfo (same subject only).
  if (claims.email === undefined && tokens.accessToken) {
    const fetched = await fetchUserinfo(d, tokens.accessToken, allowPrivate);
    if (fetched && fetched.sub === claims.sub) info = fetched;
  }
  const claim = (k: string) => (claims[k] !== undefined ? claims[k] : info[k]);
  return resolveUser(services, config, {
    email: claim('email'),
    emailVerified: claim('email_verified'),
    name: claim('name'),
    preferredUsername: claim('preferred_username'),
    locale: claim('locale'),
  });
}
