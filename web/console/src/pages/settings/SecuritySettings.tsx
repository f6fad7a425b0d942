/** Sign-in security of the account (owners and admins): require two-step verification for them. */
import { api, ApiError } from '../../lib/api.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { catalogue } from '../profile/two-factor.strings.ts';
import { ErrorNote, Saved, Section, useAction, useLoad } from './ui.tsx';

addMessages(catalogue);

interface Security {
  requireTwoFactor: boolean;
}

export function SecuritySettings() {
  const t = useT();
  const security = useLoad(() => api<Security>('GET', '/api/v1/account/security'));
  const act = useAction();
  const needsOwn = act.error instanceof ApiError && act.error.code === 'two_factor_required';
  return (
    <Section title={t('tfa.settingTitle')} id="security-h">
      <ErrorNote error={security.error} />
      {security.data && (
        <div className="cb-form" style={{ maxWidth: 420 }}>
          <label className="cb-check">
            <input
              type="checkbox"
              checked={security.data.requireTwoFactor}
              disabled={act.busy}
              data-testid="require-2fa"
              onChange={(e) => {
                // Shown at once; put back if the server refuses (e.g. two_factor_required).
                const before = security.data;
                const requireTwoFactor = e.target.checked;
                if (before) security.setData({ ...before, requireTwoFactor });
                void act.run(async () => {
                  try {
                    security.setData(
                      await api<Security>('PUT', '/api/v1/account/security', { requireTwoFactor }),
                    );
                  } catch (err) {
                    if (before) security.setData(before);
                    throw err;
                  }
                });
              }}
            />
            {t('tfa.settingRequire')}
          </label>
          <p className="hint" style={{ margin: 0 }}>
            {t('tfa.settingHint')}
          </p>
          <Saved show={act.done} />
          {needsOwn ? (
            <p className="cb-error" role="alert">
              {t('tfa.settingNeedsOwn')}
            </p>
          ) : (
            <ErrorNote error={act.error} />
          )}
        </div>
      )}
    </Section>
  );
}
