/** Shared setup of the SSO suites: a test app that may reach loopback, and helpers to configure SSO. */
import type { Session, TestApp } from '../../../test/test-app.ts';

export const CALLBACK = '/api/v1/sso/callback';

export interface SsoSettings {
  enabled?: boolean;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  allowedDomains: string[];
  defaultRole?: 'agent' | 'supervisor' | 'admin';
  ssoOnly?: boolean;
  trustEmails?: boolean;
}

export async function putSso(app: TestApp, session: Session, s: SsoSettings) {
  return app.api('PUT', '/api/v1/sso', { session, body: { enabled: true, ...s } });
}

/** Saves the settings and fails the test when the server refuses them. */
export async function configureSso(app: TestApp, session: Session, s: SsoSettings) {
  const r = await putSso(app, session, s);
  if (r.status !== 200) throw new Error(`PUT /api/v1/sso: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The signed-in user behind a session cookie value (GET /api/v1/me). */
export async function whoIs(app: TestApp, sessionCookie: string | undefined) {
  if (!sessionCookie) throw new Error('no session cookie');
  const r = await app.api('GET', '/api/v1/me', {
    session: { cookie: `kefu_session=${sessionCookie}` },
  });
  if (r.status !== 200) throw new Error(`GET /api/v1/me: ${r.status}`);
  return r.body.user as {
    id: string;
    email: string;
    role: string;
    accountId: string;
    name: string;
  };
}
