/**
 * Fills `{{variable}}` placeholders (shared/template.ts) from a conversation's variables: pure, no
 * I/O. Every placeholder that cannot be filled is reported (unknown name, or a known variable with no
 * value for this conversation) instead of silently becoming a blank. `missing: 'keep'` leaves such a
 * placeholder as written, so a person sees it and edits it (canned replies in the console);
 * `'blank'` removes it (automation messages, which have no person to ask).
 */
import { isOpenVariable, placeholderPattern } from '../../../shared/template.ts';

export type MissingReason = 'unknown' | 'empty';
export interface MissingVariable {
  name: string;
  reason: MissingReason;
}
export interface RenderedTemplate {
  text: string;
  /** Each variable that could not be filled, once, in order of appearance. */
  missing: MissingVariable[];
}

/** The value at a dotted path, own properties only (`{{contact.constructor}}` finds nothing). */
function lookup(vars: unknown, name: string): { found: boolean; value: unknown } {
  let cur: unknown = vars;
  for (const key of name.split('.')) {
    if (cur == null || typeof cur !== 'object' || !Object.hasOwn(cur, key))
      return { found: false, value: undefined };
    cur = (cur as Record<string, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** Why `name` cannot be filled from `vars`, or null with the text it is filled with. */
export function resolveVariable(
  vars: Record<string, unknown>,
  name: string,
): { text: string; reason: null } | { text: null; reason: MissingReason } {
  const { found, value } = lookup(vars, name);
  if (!found) return { text: null, reason: isOpenVariable(name) ? 'empty' : 'unknown' };
  if (value !== null && typeof value === 'object') return { text: null, reason: 'unknown' };
  const text = value == null ? '' : String(value);
  return text.trim() ? { text, reason: null } : { text: null, reason: 'empty' };
}

export function renderTemplate(
  template: string,
  vars: Record<string, unknown>,
  opts: { missing?: 'keep' | 'blank' } = {},
): RenderedTemplate {
  const missing: MissingVariable[] = [];
  const text = template.replace(placeholderPattern(), (raw, name: string) => {
    const r = resolveVariable(vars, name);
    if (r.reason === null) return r.text;
    if (!missing.some((m) => m.name === name)) missing.push({ name, reason: r.reason });
    return opts.missing === 'blank' ? '' : raw;
  });
  return { text, missing };
}
