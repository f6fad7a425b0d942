/** Live feedback under a new-password field: the server's own rule (shared/password.ts) and a strength meter. */
import { passwordProblem, passwordStrength } from '../../../../shared/password.ts';
import { useT } from '../lib/index.ts';

export function PasswordMeter({ password, email }: { password: string; email?: string }) {
  const t = useT();
  if (!password) return null;
  const problem = passwordProblem(password, { email });
  const strength = passwordStrength(password, { email });
  const text = problem
    ? t(
        problem === 'too_short'
          ? 'password.tooShort'
          : problem === 'contains_identity'
            ? 'password.containsIdentity'
            : 'password.tooCommon',
        { min: 12 },
      )
    : t(`password.strength${strength}`);
  return (
    <div className="cb-pw-meter" data-strength={strength} data-testid="password-meter">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength} aria-label={text} />
      <span aria-live="polite">{text}</span>
    </div>
  );
}
