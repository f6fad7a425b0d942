/**
 * The screen an owner or admin sees when the account requires two-step verification and they have
 * none yet: the API answers them nothing else (403 two_factor_required) until they enrol here.
 */
import { useT } from '../../lib/i18n.ts';
import { loadMe, logout, type Me } from '../../lib/session.ts';
import { registerStrings } from '../register-strings.ts';
import { TwoFactorEnrol } from './TwoFactorEnrol.tsx';

registerStrings();

export default function TwoFactorGate({ me }: { me: Me }) {
  const t = useT();
  return (
    <main className="login">
      <section
        className="cb-section"
        aria-labelledby="tfa-gate-title"
        style={{ width: 'min(520px, 100%)' }}
        data-testid="tfa-gate"
      >
        <h1 id="tfa-gate-title" style={{ margin: 0, fontSize: 22 }}>
          {t('tfa.gateTitle')}
        </h1>
        <p>{t('tfa.gateIntro', { account: me.account.name })}</p>
        <TwoFactorEnrol onDone={() => void loadMe()} />
        <p>
          <button type="button" onClick={() => void logout()}>
            {t('tfa.logout')}
          </button>
        </p>
      </section>
    </main>
  );
}
