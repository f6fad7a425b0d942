/**
 * What of a request goes into an audit row's `detail` (pure). Request bodies contribute their KEYS
 * only; values only for a short allow-list of harmless fields (never passwords, tokens, secrets or
 * API keys, which are not on it). Error bodies contribute their code.
 */
type Primitive = string | number | boolean | null;
type Value = Primitive | string[];

/** Body fields whose values are kept (strings cut at 200 characters). */
export const VALUE_FIELDS: ReadonlySet<string> = new Set([
  'role',
  'disabled',
  'status',
  'name',
  'email',
  'enabled',
  'locale',
  'scopes',
  'expiresInDays',
  'requireTwoFactor',
  'revokeTokens',
]);
/** Query fields of exports whose values are kept (what was exported). */
export const QUERY_FIELDS: ReadonlySet<string> = new Set([
  'format',
  'status',
  'action',
  'actorId',
  'from',
  'to',
]);

const MAX_KEYS = 50;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

function primitive(v: unknown): Value | undefined {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return v.slice(0, 200);
  // a short list of short names (token scopes)
  if (Array.isArray(v) && v.length <= 10 && v.every((x) => typeof x === 'string' && x.length <= 40))
    return v as string[];
  return undefined;
}

function summarize(input: unknown, allowed: ReadonlySet<string>) {
  if (!isRecord(input)) return {};
  const keys = Object.keys(input)
    .slice(0, MAX_KEYS)
    .map((k) => k.slice(0, 64));
  const values: Record<string, Value> = {};
  for (const k of keys) {
    if (!allowed.has(k)) continue;
    const v = primitive(input[k]);
    if (v !== undefined) values[k] = v;
  }
  return {
    ...(keys.length ? { keys } : {}),
    ...(Object.keys(values).length ? { values } : {}),
  };
}

export interface DetailInput {
  body: unknown;
  query: unknown;
  params: Record<string, string>;
  /** The request's own query is summarized only for exports (what was handed out). */
  exported: boolean;
  error?: string;
  viaToken: boolean;
}

export function buildDetail(i: DetailInput): Record<string, unknown> {
  const body = summarize(i.body, VALUE_FIELDS);
  const query = i.exported ? summarize(i.query, QUERY_FIELDS) : {};
  const params = Object.keys(i.params).length > 1 ? { params: i.params } : {};
  return {
    ...body,
    ...(query.keys ? { query: query.values ?? {} } : {}),
    ...params,
    ...(i.error ? { error: i.error } : {}),
    ...(i.viaToken ? { via: 'api_token' } : {}),
  };
}

/**
 * What an answer tells the log: the error code of a failure, the id (and email) of a creation, and
 * whether a sign-in stopped at the two-factor challenge (never the challenge itself).
 */
export function fromAnswer(
  payload: string,
  status: number,
): { error?: string; id?: string; email?: string; twoFactor?: true } {
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return {};
  }
  if (!isRecord(body)) return {};
  if (status >= 400) {
    const code = isRecord(body.error) ? body.error.code : undefined;
    return typeof code === 'string' ? { error: code.slice(0, 64) } : {};
  }
  if (body.twoFactorRequired === true) return { twoFactor: true };
  const values = Object.values(body);
  const main =
    typeof body.id === 'string'
      ? body
      : values.length === 1 && isRecord(values[0])
        ? values[0]
        : body;
  return {
    ...(typeof main.id === 'string' ? { id: main.id.slice(0, 64) } : {}),
    ...(typeof main.email === 'string' ? { email: main.email.slice(0, 200) } : {}),
  };
}
