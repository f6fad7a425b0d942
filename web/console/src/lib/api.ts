/** REST client: same-origin cookie session, CSRF header on unsafe methods, JSON errors → ApiError. */
import type { ApiErrorCode } from '../../../../shared/errors.ts';

export class ApiError extends Error {
  /** `code`: the server's stable error code (shared/errors.ts), or network_error / http_<status>. */
  constructor(
    public status: number,
    public code: ApiErrorCode,
    message: string,
    public details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;
let onTwoFactorRequired: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** Called once by the shell: a 403 `two_factor_required` anywhere shows the enrolment screen. */
export function setTwoFactorRequiredHandler(fn: () => void): void {
  onTwoFactorRequired = fn;
}
/** Called once by the shell: a 401 anywhere sends the user back to the login page. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)
      ?.error;
    if (res.status === 401) onUnauthorized?.();
    if (res.status === 403 && err?.code === 'two_factor_required') onTwoFactorRequired?.();
    throw new ApiError(
      res.status,
      (err?.code ?? `http_${res.status}`) as ApiErrorCode,
      err?.message ?? res.statusText,
      err?.details,
    );
  }
  return body as T;
}

export async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  opts: { signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', (err as Error).message);
  }
  return parse<T>(res);
}

/** Multipart upload (field "file"), e.g. POST /api/v1/attachments. */
export async function apiUpload<T = unknown>(
  path: string,
  file: File | Blob,
  fileName?: string,
): Promise<T> {
  const form = new FormData();
  form.append('file', file, fileName ?? (file as File).name ?? 'file');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch (err) {
    throw new ApiError(0, 'network_error', (err as Error).message);
  }
  return parse<T>(res);
}
