/**
 * `{{variable}}` placeholders of canned replies and macros, declared once: the server fills them
 * (server/core/domain/template.ts), the console finds the ones still in a reply before sending it,
 * and the server refuses an agent's reply that still has one (core/commands/send-message.ts), so a
 * customer never receives a raw `{{agent.name}}`.
 * Isomorphic and dependency-free (the console imports it at run time).
 */

/** A placeholder: `{{ name }}` where name is letters, digits, `_`, `.` or `-` (1–80 of them). */
const SOURCE = '\\{\\{\\s*([\\p{L}\\p{N}_.\\-]{1,80})\\s*\\}\\}';

/** A fresh global pattern (a shared global RegExp would carry `lastIndex` between callers). */
export const placeholderPattern = (): RegExp => new RegExp(SOURCE, 'gu');

/** The variable names of the placeholders in `text`, each once, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(placeholderPattern())) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** The variables every conversation has (they may still be empty, e.g. an anonymous visitor's name). */
export const TEMPLATE_VARIABLES = [
  'agent.name',
  'contact.name',
  'contact.email',
  'contact.phone',
  'conversation.id',
] as const;

/**
 * Families whose keys vary by conversation: `{{custom.<key>}}` (the conversation's custom attribute,
 * else the contact's) and `{{contact.attributes.<key>}}` (the contact's). A key a conversation lacks is
 * "empty", not "unknown".
 */
export const OPEN_VARIABLE_PREFIXES = ['custom.', 'contact.attributes.'] as const;

export const isOpenVariable = (name: string): boolean =>
  OPEN_VARIABLE_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
