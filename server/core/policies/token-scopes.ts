/**
 * What a personal API token may call, on top of its user's role (`can.ts` still decides every
 * command). A token has one or more scopes; a request is allowed when any of them allows it:
 *  - `read`: every GET (HEAD) the role allows, nothing else; on an agent socket it receives events
 *    and may join conversations, but sends neither messages nor typing;
 *  - `conversations`: conversations, their messages and attachments, contacts, the event stream (any
 *    method), and the caller's own profile read;
 *  - `admin`: everything the role allows (the tokens made before scopes existed have it).
 */
export const TOKEN_SCOPES = ['read', 'conversations', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Expiry choices offered when creating a token (days; null: never). */
export const TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CONVERSATION_ROUTES = [
  '/api/v1/conversations',
  '/api/v1/contacts',
  '/api/v1/attachments',
  '/api/v1/events',
];

/** Parses the stored `scopes` column; unknown words are dropped. */
export function parseScopes(stored: string | null | undefined): TokenScope[] {
  const known = new Set<string>(TOKEN_SCOPES);
  return (stored ?? '').split(/\s+/).filter((s): s is TokenScope => known.has(s));
}

/** Whether a token with `scopes` may call `method` on the route pattern `url` (e.g. `/api/v1/contacts/:id`). */
export function scopesAllow(scopes: readonly TokenScope[], method: string, url: string): boolean {
  return scopes.some((scope) => {
    if (scope === 'admin') return true;
    if (scope === 'read') return READ_METHODS.has(method);
    return (
      CONVERSATION_ROUTES.some((p) => url === p || url.startsWith(`${p}/`)) ||
      (url === '/api/v1/me' && READ_METHODS.has(method))
    );
  });
}

/** Whether an agent socket opened with such a token may send (messages, typing), not only receive. */
export const socketMaySend = (scopes: readonly TokenScope[]) =>
  scopes.includes('admin') || scopes.includes('conversations');
