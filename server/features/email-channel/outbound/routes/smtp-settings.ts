/**
 * An email inbox's SMTP relay (admins and owners): GET and PUT `/api/v1/inboxes/:id/email/smtp`.
 * The password and the DKIM key are write-only: sealed at rest, never returned (`passwordSet`,
 * `dkim.keySet` tell whether there is one). A literal private address is refused at once
 * (`smtp_host_blocked`, unless OUTBOUND_ALLOW_PRIVATE); a DKIM key must be a private key PEM
 * (`invalid_dkim_key`); DKIM needs a key the first time (`invalid_request`).
 */
import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { execute } from '../../../../core/commands/context.ts';
import { badInput, invalid } from '../../../../core/errors.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { IdParams, pathId } from '../../../../core/http/schemas.ts';
import { addressAllowed } from '../../../../core/infra/outbound.ts';
import { authorize } from '../../../../core/policies/can.ts';
import type { Actor } from '../../../../core/policies/actor.ts';
import type { Services } from '../../../../core/services.ts';
import { loadEmailInbox } from '../inbox.ts';
import { getSmtpRow, saveSmtpSettings } from '../settings.ts';
import { describeFailure } from '../strings.ts';
import { presentSmtp, SmtpAnswer, SmtpBody, type SmtpBodyInput } from './smtp-schema.ts';

/** The email inbox of the path, for an admin of its account (404 otherwise, 403 for other roles). */
export async function adminsEmailInbox(services: Services, actor: Actor, id: string) {
  authorize(actor, 'inbox.manage');
  return loadEmailInbox(services.database.db, actor.accountId, pathId(id));
}

function checkDkimKey(pem: string): void {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ed25519') throw new Error();
  } catch {
    throw badInput('invalid_dkim_key', 'The DKIM key must be an RSA or Ed25519 private key (PEM).');
  }
}

function checkBody(body: SmtpBodyInput, keyStored: boolean, allowPrivate: boolean): void {
  const literal = body.host.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !addressAllowed(literal, allowPrivate)) {
    const m = describeFailure('smtp_host_blocked');
    throw badInput('smtp_host_blocked', m.en, { messages: m });
  }
  const key = body.dkim?.privateKey?.trim();
  if (key) checkDkimKey(key);
  else if (body.dkim && !keyStored)
    throw invalid([{ path: 'body.dkim.privateKey', message: 'required' }]);
}

export const smtpSettingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes/:id/email/smtp',
    auth: 'user',
    summary: "An email inbox's SMTP relay (the password and DKIM key are never returned)",
    tags: ['email'],
    params: IdParams,
    response: SmtpAnswer,
    handler: async ({ actor, params, services }) => {
      const inbox = await adminsEmailInbox(services, actor, params.id);
      return presentSmtp(await getSmtpRow(services.database.db, actor.accountId, inbox.id));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/inboxes/:id/email/smtp',
    auth: 'user',
    summary: "Set an email inbox's SMTP relay (host, security, login, sender, DKIM, quoting)",
    tags: ['email'],
    params: IdParams,
    body: SmtpBody,
    response: SmtpAnswer,
    handler: async ({ actor, params, body, services }) => {
      const inbox = await adminsEmailInbox(services, actor, params.id);
      const current = await getSmtpRow(services.database.db, actor.accountId, inbox.id);
      checkBody(body, !!current?.dkim_key_sealed, services.config.allowPrivateOutbound);
      const row = await execute(services, actor, saveSmtpSettings, {
        inboxId: inbox.id,
        serverSecret: services.secret,
        host: body.host,
        port: body.port,
        security: body.security,
        username: body.username || null,
        password: body.password === '' ? undefined : body.password,
        fromAddress: body.fromAddress,
        fromName: body.fromName || null,
        dkim: body.dkim
          ? {
              domain: body.dkim.domain,
              selector: body.dkim.selector,
              privateKey: body.dkim.privateKey?.trim() || undefined,
            }
          : null,
        quoteHistory: body.quoteHistory,
      });
      return presentSmtp(row);
    },
  }),
];
