/**
 * Automation rule conditions: nested all/any groups over a facts object (dot paths), pure.
 * `matches` patterns run on the core's linear-time engine (core/lib/safe-pattern.ts: RE2, capped
 * input), so no rule can stall the server however it is written.
 */
import { z } from 'zod';
import { MAX_MATCH_INPUT, patternProblem, safePattern } from '../../../core/lib/safe-pattern.ts';

export { MAX_MATCH_INPUT, patternProblem };
const OPS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'matches',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
] as const;
export const FIELD_PREFIXES = [
  'event.',
  'conversation.',
  'message.',
  'analysis.',
  'contact.',
  'businessHours.',
  'csat.',
  'page.',
];

const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);
export const ConditionSchema = z
  .strictObject({
    field: z
      .string()
      .min(3)
      .max(120)
      .regex(/^[A-Za-z0-9_.]+$/)
      .refine((f) => FIELD_PREFIXES.some((p) => f.startsWith(p)), 'unknown field'),
    op: z.enum(OPS),
    value: z.union([Scalar, z.array(Scalar).max(50)]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op === 'matches') {
      const err =
        typeof c.value === 'string' ? patternProblem(c.value) : 'pattern must be a string';
      if (err) ctx.addIssue({ code: 'custom', path: ['value'], message: err });
    }
  });
export type Condition = z.infer<typeof ConditionSchema>;
export type Group = { all: Node[] } | { any: Node[] };
export type Node = Condition | Group;

export const GroupSchema: z.ZodType<Group> = z
  .lazy(() =>
    z.union([
      z.strictObject({ all: z.array(z.union([ConditionSchema, GroupSchema])).max(30) }),
      z.strictObject({ any: z.array(z.union([ConditionSchema, GroupSchema])).max(30) }),
    ]),
  )
  .refine((g) => depth(g) <= 4, 'groups nest at most 4 deep');

/** The fact groups ('conversation', 'contact', 'analysis', …) a condition tree reads. */
export function fieldGroups(n: Node, into = new Set<string>()): Set<string> {
  if ('all' in n) for (const c of n.all) fieldGroups(c, into);
  else if ('any' in n) for (const c of n.any) fieldGroups(c, into);
  else into.add(n.field.split('.')[0]);
  return into;
}

function depth(n: Node): number {
  if ('all' in n) return 1 + Math.max(0, ...n.all.map(depth));
  if ('any' in n) return 1 + Math.max(0, ...n.any.map(depth));
  return 0;
}

export function getPath(facts: unknown, path: string): unknown {
  let cur: unknown = facts;
  for (const key of path.split('.')) {
    if (cur == null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

export function test(c: Condition, facts: unknown): boolean {
  const actual = getPath(facts, c.field);
  const v = c.value;
  switch (c.op) {
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '';
    case 'eq':
      return norm(actual) === norm(v);
    case 'neq':
      return norm(actual) !== norm(v);
    case 'in':
      return Array.isArray(v) && v.some((x) => norm(x) === norm(actual));
    case 'not_in':
      return Array.isArray(v) && !v.some((x) => norm(x) === norm(actual));
    case 'contains':
      return contains(actual, v);
    case 'not_contains':
      return !contains(actual, v);
    case 'matches': {
      const r = typeof v === 'string' ? safePattern(v) : null;
      return !!r && typeof actual === 'string' && r.test(actual);
    }
    case 'gt':
      return typeof actual === 'number' && typeof v === 'number' && actual > v;
    case 'gte':
      return typeof actual === 'number' && typeof v === 'number' && actual >= v;
    case 'lt':
      return typeof actual === 'number' && typeof v === 'number' && actual < v;
    case 'lte':
      return typeof actual === 'number' && typeof v === 'number' && actual <= v;
  }
}

function contains(actual: unknown, v: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((x) => norm(x) === norm(v));
  return (
    typeof actual === 'string' &&
    typeof v === 'string' &&
    actual.slice(0, MAX_MATCH_INPUT).toLowerCase().includes(v.toLowerCase())
  );
}

export function evaluate(node: Node, facts: unknown): boolean {
  if ('all' in node) return node.all.every((n) => evaluate(n, facts));
  if ('any' in node) return node.any.some((n) => evaluate(n, facts));
  return test(node, facts);
}
