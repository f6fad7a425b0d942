/** Who sees which conversations (owners and admins): restrict agents to their inboxes and teams. */
import { api } from '../../lib/api.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { ErrorNote, Saved, Section, useAction, useLoad } from './ui.tsx';
import { catalogue } from './visibility.strings.ts';

addMessages(catalogue);

interface Visibility {
  restrictAgentsToMembership: boolean;
}

export function VisibilitySettings() {
  const t = useT();
  const setting = useLoad(() => api<Visibility>('GET', '/api/v1/account/visibility'));
  const act = useAction();
  return (
    <Section title={t('visibility.title')} id="visibility-h">
      <ErrorNote error={setting.error} />
      {setting.data && (
        <div className="cb-form" style={{ maxWidth: 520 }}>
          <label className="cb-check">
            <input
              type="checkbox"
              checked={setting.data.restrictAgentsToMembership}
              disabled={act.busy}
              data-testid="restrict-agents"
              onChange={(e) => {
                const restrictAgentsToMembership = e.target.checked;
                setting.setData({ restrictAgentsToMembership }); // at once; the answer settles it
                void act
                  .run(async () => {
                    setting.setData(
                      await api<Visibility>('PUT', '/api/v1/account/visibility', {
                        restrictAgentsToMembership,
                      }),
                    );
                    return true;
                  })
                  .then((done) => {
                    if (!done) setting.reload();
                  });
              }}
            />
            {t('visibility.restrict')}
          </label>
          <p className="hint" style={{ margin: 0 }}>
            {t('visibility.hint')}
          </p>
          <Saved show={act.done} />
          <ErrorNote error={act.error} />
        </div>
      )}
    </Section>
  );
}
