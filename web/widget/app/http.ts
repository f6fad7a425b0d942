import type { ApiErrorCode } from '../../../shared/errors.ts';
import type { Attachment, Conversation, Message } from './messages.ts';

/** JSON calls to the widget API with the visitor token; a failure carries the status and the API's error code. */
export class HttpError extends Error {
  constructor(
    public status: number,
    public code: ApiErrorCode,
  ) {
    super(code);
  }
}

export async function request<T>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  raw?: FormData,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok)
    throw new HttpError(
      res.status,
      ((data as { error?: { code?: string } } | null)?.error?.code ?? 'http_error') as ApiErrorCode,
    );
  return data as T;
}

/**
 * `POST /widget/v1/messages` (sends that carry page context go over HTTP): a refusal the visitor must
 * see (4xx but 401/429) comes back as `{ error }`; anything else throws, and the outbox retries.
 */
export async function postMessage(
  token: string | null,
  body: Record<string, unknown>,
): Promise<{ message?: Message; conversation?: Conversation; error?: { code: ApiErrorCode } }> {
  try {
    return await request<{ message: Message; conversation: Conversation }>(
      token,
      'POST',
      '/widget/v1/messages',
      body,
    );
  } catch (err) {
    if (
      err instanceof HttpError &&
      err.status >= 400 &&
      err.status < 500 &&
      err.status !== 401 &&
      err.status !== 429
    )
      return { error: { code: err.code } };
    throw err;
  }
}

/** Uploads one file; an HttpError when refused, a TypeError when the network is down. */
export function uploadFile(token: string | null, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<Attachment>(token, 'POST', '/widget/v1/attachments', undefined, form);
}
