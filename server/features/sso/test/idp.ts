/**
 * A real OpenID Connect provider for the tests (panva's `oidc-provider`) on loopback: confidential
 * clients that must use PKCE, RS256 or ES256 ID tokens, and users the test controls. Its login page is
 * a tiny form (user name only) at /interaction/<uid>; the login grants the requested scopes at once
 * (no consent page). A user marked `disabled` is refused by the IdP itself: the sign-in ends with
 * `error=access_denied` sent back to the client (what Keycloak or Azure AD do for a disabled account).
 * By default claims follow the spec's "conform" rule: the ID token of a code flow carries no email,
 * which Kefu then reads from userinfo; `emailInIdToken` puts it in the ID token instead.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface IdpUser {
  email: string;
  emailVerified?: boolean;
  name?: string;
  disabled?: boolean;
}
export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  alg?: 'RS256' | 'ES256';
}
export interface TestIdp {
  issuer: string;
  /** By login name (the IdP's subject). */
  users: Map<string, IdpUser>;
  close(): Promise<void>;
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid: string, message = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP</title></head>
<body><main><h1>Test identity provider</h1>${message ? `<p role="alert">${html(message)}</p>` : ''}
<form method="post" action="/interaction/${html(uid)}/login">
<label for="login">User name</label> <input id="login" name="login" autocomplete="username" required>
<button type="submit">Continue</button></form></main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startIdp(opts: {
  clients: IdpClient[];
  users?: Record<string, IdpUser>;
  emailInIdToken?: boolean;
}): Promise<TestIdp> {
  const users = new Map(Object.entries(opts.users ?? {}));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const keys = [
    { ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.privateKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  const provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: c.alg ?? 'RS256',
    })),
    jwks: { keys } as never,
    cookies: { keys: ['test-idp-cookie-key-0123456789'] },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'locale'],
    },
    conformIdTokenClaims: !opts.emailInIdToken,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><p>${html(String(out.error))}: ${html(String(out.error_description ?? ''))}</p>`;
    },
    findAccount: async (_ctx, sub) => {
      const u = users.get(sub);
      if (!u) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: u.email,
          email_verified: u.emailVerified ?? true,
          ...(u.name ? { name: u.name } : {}),
        }),
      };
    },
  });
  const callback = provider.callback();

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    post: boolean,
  ) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (!post) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(uid));
    }
    const login = (await readForm(req)).get('login')?.trim() ?? '';
    const user = users.get(login);
    if (!user) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(uid, 'Unknown user'));
    }
    if (user.disabled)
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'This account is disabled.' },
        { mergeWithLastSubmission: false },
      );
    const grant = new provider.Grant({
      accountId: login,
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: login }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(
      new URL(req.url ?? '/', issuer).pathname,
    );
    if (!m) return void callback(req, res);
    interaction(req, res, m[1], req.method === 'POST' && !!m[2]).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${err.message}`);
    });
  });

  return {
    issuer,
    users,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
