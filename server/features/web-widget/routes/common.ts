/** Shared by the widget's route files: the origin check, per-visitor rate limits, form fields. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Inbox } from '../../../core/db/types.ts';
import { AppError } from '../../../core/errors.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { originAllowed } from '../domain/settings.ts';

/**
 * The request's Origin and, for calls from the widget's iframe (whose own origin is Kefu's), the
 * embedding page's origin it was told at load: both must be on the inbox's allow-list.
 */
export function checkOrigin(req: FastifyRequest, inbox: Inbox, pageOrigin?: string) {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const settings = parseJson(inbox.settings, {});
  if (
    !originAllowed(settings, origin, req.headers.host) ||
    (pageOrigin !== undefined && !originAllowed(settings, pageOrigin, undefined))
  ) {
    throw new AppError(
      'origin_not_allowed',
      403,
      'This website is not allowed to use this chat widget.',
    );
  }
}

export const PageOrigin = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[^/\s]+$/, 'an origin such as https://shop.example.com');

/** A rate limit per visitor: `limit` calls a minute. */
export const perVisitor = (key: string, limit: number) => ({
  key,
  limit: () => limit,
  windowMs: 60_000,
  by: 'actor' as const,
});
export const Name = z.string().trim().min(1).max(200);
export const Phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[0-9+()\-.\s]+$/, 'digits, spaces and + ( ) - . only');
