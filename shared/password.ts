/**
 * The password rule (ASVS 2.1.1 / 2.1.7), one copy for the server's validation and the console's
 * strength meter: at least 12 characters, and not a well-known password — neither on the short list
 * of the most common ones, nor a common word or keyboard run padded with digits and symbols
 * (`password-123`, `Qwerty!2024`), nor one character repeated. Isomorphic and dependency-free.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** The cores of the most used passwords (breach corpora top lists), lower-case letters only. */
const COMMON_WORDS = new Set(
  (
    'password passw0rd passwort motdepasse contrasena qwerty qwertz azerty qwertyuiop asdfghjkl ' +
    'zxcvbnm qazwsx iloveyou letmein welcome admin administrator root login master monkey dragon ' +
    'football baseball soccer hockey superman batman trustno princess sunshine shadow michael ' +
    'jennifer abc abcd abcdef abcdefg abcdefgh changeme secret default guest test tester user ' +
    'kefu customer service support hello hellokitty whatever freedom flower starwars pokemon ' +
    'computer internet mustang access killer charlie donald lovely summer winter spring autumn ' +
    'woaini nihao zhongguo china beijing shanghai aini woaiwojia'
  ).split(' '),
);

/** Whole passwords seen millions of times that the word rule does not catch (digits, runs). */
const COMMON_WHOLE = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '098765432109',
  '111111111111',
  '123123123123',
  '123321123321',
  '147258369147',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'q1w2e3r4t5y6',
  'zaq12wsxcde3',
  '5201314520131',
  '1314520131452',
]);

function isRun(s: string): boolean {
  if (s.length < 4) return false;
  const d = s.charCodeAt(1) - s.charCodeAt(0);
  if (Math.abs(d) !== 1) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== d) return false;
  return true;
}

/** Why a password is refused (a stable reason), or null when it is acceptable. */
export function passwordProblem(
  password: string,
  context: { email?: string; name?: string } = {},
): 'too_short' | 'too_long' | 'too_common' | 'contains_identity' | null {
  if (password.length < PASSWORD_MIN) return 'too_short';
  if (password.length > PASSWORD_MAX) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON_WHOLE.has(lower) || new Set(lower).size <= 3) return 'too_common';
  const letters = lower.replace(/[^a-z]/g, '');
  const rest = lower.replace(/[a-z]/g, '');
  if (letters === '' && isRun(rest.replace(/[^0-9]/g, ''))) return 'too_common';
  if (COMMON_WORDS.has(letters) || isRun(letters)) return 'too_common';
  const local = context.email?.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'contains_identity';
  return null;
}

/** 0 (refused) … 4 (strong), for a meter: the rule first, then length and character variety. */
export function passwordStrength(password: string, context: { email?: string } = {}): number {
  if (passwordProblem(password, context)) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) =>
    r.test(password),
  ).length;
  const score =
    (password.length >= 16 ? 2 : 1) + (classes >= 3 ? 1 : 0) + (password.length >= 20 ? 1 : 0);
  return Math.min(4, score);
}
