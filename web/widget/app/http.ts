/** JSON calls to the widget API with the visitor token; a failure carries the status and the API's error code. */
export class HttpError extends Error { constructor(public status: number, public code: string) { super(code); } }

export async function request<T>(token: string | null, method: string, path: string, body?: unknown, raw?: FormData): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined) });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new HttpError(res.status, (data as { error?: { code?: string } } | null)?.error?.code ?? 'http_error');
  return data as T;
}
