/**
 * The OpenID Connect client side, with `jose` for JWTs and JWKS: discovery from
 * `{issuer}/.well-known/openid-configuration` (cached for an hour), the IdP's JWKS (cached, refetched
 * when a token names an unknown key), the code exchange with the PKCE verifier and the client secret,
 * the userinfo call, and the ID token checks (signature RS256/ES256, iss, aud, exp, iat, nonce, azp).
 * Every request to the IdP goes through the core's SSRF guard (core/infra/outbound.ts). Failures are
 * the feature's stable codes (errors.ts).
 */
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { guardedFetch } from '../../core/infra/outbound.ts';
import { ssoError } from './errors.ts';

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  token_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
}

const TIMEOUT_MS = 10_000;
const DISCOVERY_TTL_MS = 60 * 60_000;
export const ID_TOKEN_ALGS = ['RS256', 'ES256'];
const discoveries = new Map<string, { doc: Discovery; at: number }>();
const keySets = new Map<string, JWTVerifyGetKey>();

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** http(s) only, and plain http only where private addresses are allowed (on-premise IdPs, tests). */
export function acceptableUrl(value: unknown, allowPrivate: boolean): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (allowPrivate && u.protocol === 'http:');
  } catch {
    return false;
  }
}

async function getJson(url: string, allowPrivate: boolean, headers: Record<string, string> = {}) {
  let res: Response;
  try {
    res = await guardedFetch(allowPrivate)(url, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw ssoError('sso_idp_error', err);
  }
  if (!res.ok) throw ssoError('sso_idp_error', new Error(`${url}: HTTP ${res.status}`));
  try {
    return (await res.json()) as Record<string, unknown>;
  } catch (err) {
    throw ssoError('sso_idp_error', err);
  }
}

/** The IdP's discovery document; its `issuer` must be the configured one. */
export async function discover(
  issuer: string,
  allowPrivate: boolean,
  now = Date.now(),
): Promise<Discovery> {
  const key = `${allowPrivate}|${issuer}`;
  const hit = discoveries.get(key);
  if (hit && now - hit.at < DISCOVERY_TTL_MS) return hit.doc;
  if (!acceptableUrl(issuer, allowPrivate))
    throw ssoError('sso_idp_error', new Error('issuer must be https'));
  const doc = await getJson(`${trimSlash(issuer)}/.well-known/openid-configuration`, allowPrivate);
  const endpoints = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
  if (
    typeof doc.issuer !== 'string' ||
    trimSlash(doc.issuer) !== trimSlash(issuer) ||
    !endpoints.every((e) => acceptableUrl(doc[e], allowPrivate)) ||
    (doc.userinfo_endpoint !== undefined && !acceptableUrl(doc.userinfo_endpoint, allowPrivate))
  )
    throw ssoError('sso_idp_error', new Error('discovery document does not match the issuer'));
  const methods = doc.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256'))
    throw ssoError('sso_idp_error', new Error('the IdP does not support PKCE S256'));
  if (discoveries.size > 200) discoveries.clear();
  discoveries.set(key, { doc: doc as unknown as Discovery, at: now });
  return doc as unknown as Discovery;
}

/** The IdP's signing keys (jose caches them for 10 minutes and refetches for an unknown `kid`). */
export function keysFor(jwksUri: string, allowPrivate: boolean): JWTVerifyGetKey {
  const key = `${allowPrivate}|${jwksUri}`;
  let set = keySets.get(key);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUri), {
      [customFetch]: guardedFetch(allowPrivate) as unknown as FetchImplementation,
      timeoutDuration: TIMEOUT_MS,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    if (keySets.size > 200) keySets.clear();
    keySets.set(key, set);
  }
  return set;
}

export interface CodeExchange {
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

/** Authorization code → tokens. A code the IdP refuses for this PKCE verifier is `sso_pkce_failed`. */
export async function exchangeCode(
  d: Discovery,
  x: CodeExchange,
  allowPrivate: boolean,
): Promise<{ idToken: string; accessToken: string | null }> {
  const methods = d.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  const basic = methods.includes('client_secret_basic') || !methods.includes('client_secret_post');
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: x.code,
    redirect_uri: x.redirectUri,
    code_verifier: x.codeVerifier,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (basic) {
    // RFC 6749 §2.3.1: both parts form-encoded before base64
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${enc(x.clientId)}:${enc(x.clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', x.clientId);
    form.set('client_secret', x.clientSecret);
  }
  let res: Response;
  let body: Record<string, unknown> = {};
  try {
    res = await guardedFetch(allowPrivate)(d.token_endpoint, {
      method: 'POST',
      headers,
      body: form.toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  } catch (err) {
    throw ssoError('sso_idp_error', err);
  }
  if (!res.ok) {
    const why = `${String(body.error ?? res.status)}: ${String(body.error_description ?? '')}`;
    // The code was not issued for this verifier (or has expired, or was used): IdPs rarely say which
    // (oidc-provider and Google answer a bare invalid_grant), so every refused grant is one code.
    if (body.error === 'invalid_grant') throw ssoError('sso_pkce_failed', new Error(why));
    throw ssoError('sso_idp_error', new Error(`token endpoint: ${why}`));
  }
  if (typeof body.id_token !== 'string')
    throw ssoError('sso_idp_error', new Error('no id_token in the token response'));
  return {
    idToken: body.id_token,
    accessToken: typeof body.access_token === 'string' ? body.access_token : null,
  };
}

/** The userinfo claims (JSON answers only). */
export async function fetchUserinfo(d: Discovery, accessToken: string, allowPrivate: boolean) {
  if (!d.userinfo_endpoint) return null;
  return getJson(d.userinfo_endpoint, allowPrivate, { authorization: `Bearer ${accessToken}` });
}

const IDP_UNREACHABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC']);

/**
 * Verifies an ID token: signature with the IdP's keys (RS256 or ES256 only), `iss` = the issuer,
 * `aud` contains the client id, `exp` not past and `iat` present and at most 10 minutes old (2 minutes
 * of clock skew allowed), `azp` = the client id when present (and required when there are several
 * audiences), `nonce` = the one sent with this sign-in.
 */
export async function verifyIdToken(
  token: string,
  keys: JWTVerifyGetKey,
  o: { issuer: string; clientId: string; nonce: string; now?: number },
): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: o.issuer,
      audience: o.clientId,
      algorithms: ID_TOKEN_ALGS,
      clockTolerance: 120,
      maxTokenAge: 600,
      requiredClaims: ['sub', 'iat', 'exp'],
      currentDate: o.now === undefined ? undefined : new Date(o.now),
    }));
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!(err instanceof errors.JOSEError) || IDP_UNREACHABLE.has(code))
      throw ssoError('sso_idp_error', err);
    throw ssoError('sso_token_invalid', err);
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (payload.azp !== undefined ? payload.azp !== o.clientId : aud.length > 1)
    throw ssoError('sso_token_invalid', new Error('azp is not this client'));
  if (typeof payload.nonce !== 'string' || payload.nonce !== o.nonce)
    throw ssoError('sso_nonce_mismatch');
  return payload;
}
