/**
 * Patterns that people type (automation rule conditions today, quality-inspection rules later) run
 * on RE2 (`re2js`, a pure-JavaScript port): matching time is linear in the input, whatever the
 * pattern, so no pattern can stall the event loop (JavaScript's backtracking RegExp takes 2–30 s on
 * `a*a*a*a*b` against 150 "a"s). RE2 has no backreferences or lookarounds; we also refuse nested
 * quantifiers (`(a+)+`) with a clear message: RE2 would run them safely, but they are almost always
 * a mistake. Matching is case-insensitive, and the input is capped before matching.
 */
import { RE2JS } from 're2js';

export const MAX_PATTERN_LENGTH = 200;
export const MAX_MATCH_INPUT = 2_000;

export interface SafePattern {
  /** Whether the pattern occurs in the first MAX_MATCH_INPUT characters of `text`. */
  test(text: string): boolean;
}

/** Why a pattern cannot be used (a message for the person who wrote it), or null when it can. */
export function patternProblem(src: string): string | null {
  if (src.length > MAX_PATTERN_LENGTH)
    return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/\\[1-9]|\\k</.test(src)) return 'backreferences are not allowed';
  if (/\(\?<?[=!]/.test(src)) return 'lookarounds are not allowed';
  const nesting = nestingProblem(src);
  if (nesting) return nesting;
  try {
    RE2JS.compile(src, RE2JS.CASE_INSENSITIVE);
  } catch {
    return 'invalid pattern';
  }
  return null;
}

/** Unbalanced parentheses, or a quantified group that itself holds a quantifier or alternation. */
function nestingProblem(src: string): string | null {
  const stack: Array<{ risky: boolean }> = [{ risky: false }];
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      while (i < src.length && src[i] !== ']') {
        if (src[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (ch === '(') {
      stack.push({ risky: false });
      continue;
    }
    if (ch === '|' || ('*+?{'.includes(ch) && !(ch === '?' && src[i - 1] === '('))) {
      stack[stack.length - 1].risky = true;
      continue;
    }
    if (ch === ')') {
      const g = stack.pop();
      if (!g || stack.length === 0) return 'unbalanced parentheses';
      const next = src[i + 1];
      if (g.risky && next && '*+{'.includes(next)) return 'nested quantifiers are not allowed';
      if (g.risky) stack[stack.length - 1].risky = true;
    }
  }
  return stack.length === 1 ? null : 'unbalanced parentheses';
}

const cache = new Map<string, SafePattern | null>();

/** The compiled pattern (cached), or null when `patternProblem` refuses it. */
export function safePattern(src: string): SafePattern | null {
  let p = cache.get(src);
  if (p !== undefined) return p;
  if (patternProblem(src)) p = null;
  else {
    const re = RE2JS.compile(src, RE2JS.CASE_INSENSITIVE);
    p = { test: (text) => re.matcher(text.slice(0, MAX_MATCH_INPUT)).find() };
  }
  if (cache.size >= 500) cache.clear();
  cache.set(src, p);
  return p;
}
