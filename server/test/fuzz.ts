/**
 * Request generation for the API fuzz (core/http/api-fuzz.test.ts): values from the JSON Schemas of
 * the OpenAPI document (valid-looking ones, with real ids where a name says which resource they
 * point at), and the hostile variants (wrong types, huge strings, deep nesting). Deterministic: every
 * choice comes from a seeded generator.
 */

export type Rng = () => number;
export type JsonSchema = Record<string, any>;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const seedOf = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** A well-formed id nobody has (ids are UUID-shaped). */
export const unknownId = (r: Rng) =>
  [8, 4, 4, 4, 12]
    .map((n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join(''))
    .join('-');

/** Path parameters that are not ids: encodings, traversal, numbers, a long one. */
export const GARBAGE_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'null',
  '-1',
  '%F0%9F%92%A9',
  'a'.repeat(190),
  "1' or '1'='1",
];

/**
 * Ids the fuzz has seen, by the collection path they came from; `protect` keeps the fuzz's own
 * identities (its users, its visitor) out of the pool, so it does not disable or merge itself away.
 */
export class IdPool {
  private byPath = new Map<string, string[]>();
  constructor(private protect: Set<string>) {}
  add(path: string, id: unknown) {
    if (typeof id !== 'string' || this.protect.has(id)) return;
    const ids = this.byPath.get(path) ?? [];
    if (!ids.includes(id)) ids.push(id);
    this.byPath.set(path, ids);
  }
  /** From a 2xx JSON body: its `id`, and the ids of the objects in its top-level arrays and objects. */
  harvest(path: string, body: unknown) {
    if (!body || typeof body !== 'object') return;
    const b = body as Record<string, unknown>;
    this.add(path, b.id);
    for (const v of Object.values(b)) {
      if (Array.isArray(v)) for (const x of v) this.add(path, (x as { id?: unknown })?.id);
      else if (v && typeof v === 'object') this.add(path, (v as { id?: unknown }).id);
    }
  }
  get(path: string, r: Rng): string | undefined {
    const ids = this.byPath.get(path);
    return ids?.length ? pick(r, ids) : undefined;
  }
}

/** The collection a property name points at (conversationId → /api/v1/conversations). */
const ID_FIELDS: Array<[RegExp, string]> = [
  [/^conversation/, '/api/v1/conversations'],
  [/^(assignee|user|member)/, '/api/v1/users'],
  [/^inbox/, '/api/v1/inboxes'],
  [/^team/, '/api/v1/teams'],
  [/^(contact|source)/, '/api/v1/contacts'],
  [/^label/, '/api/v1/labels'],
  [/^category|^parent/, '/api/v1/kb/categories'],
  [/^canned/, '/api/v1/canned-responses'],
  [/^rule/, '/api/v1/automation/rules'],
  [/^article/, '/api/v1/kb/articles'],
];

export const collectionOf = (field: string) => ID_FIELDS.find(([re]) => re.test(field))?.[1];

const FIXED_STRINGS = ['fuzz', 'shop.example.com', '#1f6feb', 'a_b-c', 'zh-CN', 'en', 'open', 'x'];

export class Generator {
  /** `known`: values for fields by name (tokens the fuzz holds). */
  constructor(
    private r: Rng,
    private pool: IdPool,
    private known: Record<string, string> = {},
  ) {}

  value(s: JsonSchema | undefined, field = '', depth = 0): unknown {
    const r = this.r;
    if (!s || depth > 8) return null;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum)) return pick(r, s.enum);
    if (s.anyOf || s.oneOf) return this.value(pick(r, s.anyOf ?? s.oneOf), field, depth);
    if (s.allOf) return this.value(s.allOf[0], field, depth);
    const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    const type =
      types.length > 1
        ? pick(
            r,
            types.filter((t) => t !== 'null'),
          )
        : types[0];
    switch (type) {
      case 'string':
        return this.string(s, field);
      case 'integer':
      case 'number': {
        const lo = s.minimum ?? (s.exclusiveMinimum != null ? s.exclusiveMinimum + 1 : 0);
        const hi = Math.min(s.maximum ?? lo + 100, lo + 1000);
        const n = lo + r() * (hi - lo);
        return type === 'integer' ? Math.round(n) : Math.round(n * 100) / 100;
      }
      case 'boolean':
        return r() < 0.5;
      case 'null':
        return null;
      case 'array': {
        if (s.prefixItems)
          return s.prefixItems.map((x: JsonSchema) => this.value(x, field, depth + 1));
        const n = Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 2, Math.floor(r() * 3)));
        return Array.from({ length: n }, () => this.value(s.items, field, depth + 1));
      }
      case 'object':
        return this.object(s, depth);
      default:
        return pick(r, ['fuzz', 1, true, { a: 1 }]);
    }
  }

  object(s: JsonSchema, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set<string>(s.required ?? []);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>))
      if (required.has(k) || this.r() < 0.6) out[k] = this.value(v, k, depth + 1);
    if (s.additionalProperties && typeof s.additionalProperties === 'object' && this.r() < 0.7) {
      const key = (this.string(s.propertyNames ?? { type: 'string' }, '') as string) || 'k';
      out[key] = this.value(s.additionalProperties, key, depth + 1);
    }
    return out;
  }

  private string(s: JsonSchema, field: string): string {
    const r = this.r;
    const fits = (x: string) =>
      x.length >= (s.minLength ?? 0) &&
      x.length <= (s.maxLength ?? Infinity) &&
      (!s.pattern || new RegExp(s.pattern, 'u').test(x));
    const collection = collectionOf(field);
    const candidates = [
      this.known[field],
      collection ? (this.pool.get(collection, r) ?? unknownId(r)) : undefined,
      s.format === 'email' ? `fuzz${Math.floor(r() * 1e6)}@example.com` : undefined,
      s.format === 'date-time'
        ? new Date(Date.UTC(2030, 0, 1 + Math.floor(r() * 300))).toISOString()
        : undefined,
      // loopback: refused by the SSRF guard, so no generated LLM provider or webhook goes out
      s.format === 'uri' || /url$/i.test(field) ? 'http://127.0.0.1:9/fuzz' : undefined,
      s.pattern?.includes('[0-9a-f]{8}') ? unknownId(r) : undefined,
      ...FIXED_STRINGS,
    ].filter((x): x is string => typeof x === 'string');
    const fit = candidates.find(fits);
    if (fit !== undefined) return fit;
    const len = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 4 + Math.floor(r() * 8)));
    return Array.from({ length: len }, () => pick(r, 'abcdefghijklmnopqrstuvwxyz'.split(''))).join(
      '',
    );
  }
}

/** The same keys, every value of another type than the schema wants. */
export function wrongTypes(s: JsonSchema | undefined, r: Rng): unknown {
  if (!s?.properties) return pick(r, [[], 'not an object', 42, null]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.properties as Record<string, JsonSchema>)) {
    const t = Array.isArray(v.type) ? v.type[0] : v.type;
    out[k] =
      t === 'string'
        ? pick(r, [12345, true, ['x'], { x: 1 }])
        : t === 'number' || t === 'integer'
          ? pick(r, ['12', 'NaN', '1e309', [1]])
          : t === 'boolean'
            ? pick(r, ['true', 1, null])
            : t === 'array'
              ? pick(r, [{}, 'x', 1])
              : t === 'object'
                ? pick(r, [[], 'x', 1])
                : pick(r, [-1, 'x']);
  }
  return out;
}

/** Every string (at any depth) replaced by a long one. */
export function huge(v: unknown, size = 100_000): unknown {
  if (typeof v === 'string') return 'x'.repeat(size);
  if (Array.isArray(v)) return v.map((x) => huge(x, size));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, huge(x, size)]));
  return v;
}

/** `{ k: { k: { … } } }` `depth` levels deep, as JSON text (no recursion on either side). */
export function deepJson(key: string, depth: number): string {
  return `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
}
