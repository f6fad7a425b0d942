/**
 * ID token checks (oidc.ts) on tokens signed here: RS256 and ES256 pass; a wrong issuer, audience or
 * azp, an expired or old token, a missing iat, another key, HS256 or no signature, and a wrong or
 * missing nonce are refused with the stable codes. Plus the PKCE S256 vector of RFC 7636.
 */
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { pkceChallenge } from './login-state.ts';
import { verifyIdToken } from './oidc.ts';

const ISSUER = 'https://idp.example.com/realms/kefu';
const CLIENT = 'kefu-client';
const NONCE = 'n-0S6_WzA2Mj';
const NOW = 1_800_000_000_000;
const at = (s: number) => Math.floor(NOW / 1000) + s;

let rsa: CryptoKey;
let ec: CryptoKey;
let stranger: CryptoKey;
let keys: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const r = await generateKeyPair('RS256');
  const e = await generateKeyPair('ES256');
  rsa = r.privateKey;
  ec = e.privateKey;
  stranger = (await generateKeyPair('RS256')).privateKey;
  keys = createLocalJWKSet({
    keys: [
      { ...(await exportJWK(r.publicKey)), kid: 'r1', alg: 'RS256' },
      { ...(await exportJWK(e.publicKey)), kid: 'e1', alg: 'ES256' },
    ],
  });
});

const base = (): JWTPayload => ({
  iss: ISSUER,
  aud: CLIENT,
  sub: 'user-1',
  iat: at(-5),
  exp: at(300),
  nonce: NONCE,
  email: 'a@acme.test',
});

function sign(payload: JWTPayload, key: CryptoKey = rsa, alg = 'RS256', kid = 'r1') {
  return new SignJWT(payload).setProtectedHeader({ alg, kid }).sign(key);
}

const verify = (token: string, nonce = NONCE) =>
  verifyIdToken(token, keys, { issuer: ISSUER, clientId: CLIENT, nonce, now: NOW });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('ID token verification', () => {
  it('accepts RS256 and ES256 tokens for this client, issuer and nonce', async () => {
    expect((await verify(await sign(base()))).email).toBe('a@acme.test');
    expect((await verify(await sign(base(), ec, 'ES256', 'e1'))).sub).toBe('user-1');
    // several audiences are fine when azp names this client
    const multi = await sign({ ...base(), aud: [CLIENT, 'api'], azp: CLIENT });
    expect((await verify(multi)).azp).toBe(CLIENT);
  });

  it('refuses the wrong issuer, audience or authorised party', async () => {
    expect(await codeOf(verify(await sign({ ...base(), iss: 'https://evil.example.com' })))).toBe(
      'sso_token_invalid',
    );
    expect(await codeOf(verify(await sign({ ...base(), aud: 'another-client' })))).toBe(
      'sso_token_invalid',
    );
    expect(await codeOf(verify(await sign({ ...base(), azp: 'another-client' })))).toBe(
      'sso_token_invalid',
    );
    expect(await codeOf(verify(await sign({ ...base(), aud: [CLIENT, 'api'] })))).toBe(
      'sso_token_invalid',
    );
  });

  it('refuses expired, old, future-dated tokens and tokens without iat', async () => {
    expect(await codeOf(verify(await sign({ ...base(), exp: at(-300) })))).toBe(
      'sso_token_invalid',
    );
    expect(await codeOf(verify(await sign({ ...base(), iat: at(-3600) })))).toBe(
      'sso_token_invalid',
    );
    expect(await codeOf(verify(await sign({ ...base(), iat: at(3600), exp: at(7200) })))).toBe(
      'sso_token_invalid',
    );
    const { iat: _, ...noIat } = base();
    expect(await codeOf(verify(await sign(noIat)))).toBe('sso_token_invalid');
  });

  it('refuses another key, HS256 and unsigned tokens', async () => {
    expect(await codeOf(verify(await sign(base(), stranger)))).toBe('sso_token_invalid');
    const hs = await new SignJWT(base())
      .setProtectedHeader({ alg: 'HS256', kid: 'r1' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    expect(await codeOf(verify(hs))).toBe('sso_token_invalid');
    expect(await codeOf(verify(new UnsecuredJWT(base()).encode()))).toBe('sso_token_invalid');
  });

  it('refuses a nonce that is not the sign-in’s, or none', async () => {
    const token = await sign(base());
    expect(await codeOf(verify(token, 'another-nonce'))).toBe('sso_nonce_mismatch');
    const { nonce: _, ...noNonce } = base();
    expect(await codeOf(verify(await sign(noNonce)))).toBe('sso_nonce_mismatch');
  });
});

describe('PKCE', () => {
  it('S256 challenge of RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
