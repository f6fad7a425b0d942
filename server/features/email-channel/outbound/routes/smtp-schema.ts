/** The request and answer shapes of an inbox's SMTP settings (the answer never carries a secret). */
import { isIP } from 'node:net';
import { z } from 'zod';
import { Email } from '../../../../core/http/schemas.ts';
import type { SmtpRow } from '../settings.ts';

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const Host = z
  .string()
  .trim()
  .max(253)
  .refine(
    (h) => HOSTNAME.test(h) || isIP(h.replace(/^\[|\]$/g, '')) !== 0,
    'a host name or IP address',
  );
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/, 'a domain name');

export const SmtpBody = z.strictObject({
  host: Host,
  port: z.number().int().min(1).max(65_535),
  security: z.enum(['tls', 'starttls', 'none']),
  username: z.string().trim().max(320).nullable().default(null),
  /** Write-only. Omitted or "": keep the stored one; null: remove it. */
  password: z.string().max(1000).nullable().optional(),
  fromAddress: Email.transform((s) => s.toLowerCase()),
  fromName: z.string().trim().max(200).nullable().default(null),
  dkim: z
    .strictObject({
      domain: Domain,
      selector: z
        .string()
        .trim()
        .regex(/^[a-z0-9]([a-z0-9._-]{0,62})$/i, 'a DKIM selector'),
      /** Write-only PEM. Omitted or "": keep the stored key. */
      privateKey: z.string().max(20_000).optional(),
    })
    .nullable()
    .default(null),
  quoteHistory: z.boolean().default(true),
});
export type SmtpBodyInput = z.infer<typeof SmtpBody>;

export const SmtpAnswer = z.strictObject({
  smtp: z
    .strictObject({
      host: z.string(),
      port: z.number(),
      security: z.enum(['tls', 'starttls', 'none']),
      username: z.string().nullable(),
      passwordSet: z.boolean(),
      fromAddress: z.string(),
      fromName: z.string().nullable(),
      dkim: z
        .strictObject({ domain: z.string(), selector: z.string(), keySet: z.boolean() })
        .nullable(),
      quoteHistory: z.boolean(),
      updatedAt: z.string(),
    })
    .nullable(),
});

export function presentSmtp(row: SmtpRow | undefined): z.infer<typeof SmtpAnswer> {
  if (!row) return { smtp: null };
  return {
    smtp: {
      host: row.host,
      port: Number(row.port),
      security: row.security,
      username: row.username,
      passwordSet: !!row.password_sealed,
      fromAddress: row.from_address,
      fromName: row.from_name,
      dkim:
        row.dkim_domain && row.dkim_selector
          ? { domain: row.dkim_domain, selector: row.dkim_selector, keySet: !!row.dkim_key_sealed }
          : null,
      quoteHistory: !!Number(row.quote_history),
      updatedAt: new Date(Number(row.updated_at)).toISOString(),
    },
  };
}
