/** AppError: every expected failure has a stable snake_case code and an HTTP status. */
export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    message: string,
    public readonly details?: unknown,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (details: FieldIssue[] | unknown, message = 'The request is invalid.') =>
  new AppError('invalid_request', 400, message, details);
export const badInput = (code: string, message: string, details?: unknown) =>
  new AppError(code, 400, message, details);
export const unauthorized = (message = 'Authentication is required.') =>
  new AppError('unauthorized', 401, message);
export const forbidden = (message = 'You are not allowed to do this.') =>
  new AppError('forbidden', 403, message);
export const notFound = (what = 'resource') =>
  new AppError('not_found', 404, `The ${what} was not found.`);
/** A reply still has `{{variable}}` placeholders (shared/template.ts): never sent raw or blank. */
export const unfilledVariables = (names: string[]) =>
  badInput(
    'unfilled_variables',
    `The message still has placeholders that were not filled: ${names.map((n) => `{{${n}}}`).join(', ')}.`,
    { variables: names },
  );
export const conflict = (code: string, message: string) => new AppError(code, 409, message);
export const tooLarge = (message = 'The request is too large.') =>
  new AppError('payload_too_large', 413, message);
export const unsupported = (message: string) =>
  new AppError('unsupported_media_type', 415, message);
/** 429 with Retry-After (whole seconds, at least 1) and the exact wait in details. */
const tooMany = (code: string, message: string, retryAfterSeconds: number) =>
  new AppError(
    code,
    429,
    message,
    { retryAfterSeconds },
    { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  );

/** Too many failed sign-ins for one account (whatever the IPs): locked until the window ends. */
export const accountLocked = (retryAfterSeconds: number) =>
  tooMany(
    'account_locked',
    'Too many failed sign-ins for this account. Try again later.',
    retryAfterSeconds,
  );

export const rateLimited = (retryAfterSeconds: number) =>
  tooMany('rate_limited', 'Too many requests, try again later.', retryAfterSeconds);
/** A write failed for lack of disk space (db/storage-full.ts): nothing was stored; retry later. */
export const storageFull = (retryAfterSeconds: number) =>
  new AppError(
    'storage_full',
    503,
    'The server is out of storage space; nothing was saved. Try again later.',
    { retryAfterSeconds },
    {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    },
  );
export const unavailable = (message = 'The service is temporarily unavailable.') =>
  new AppError('unavailable', 503, message);

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
