/** An inbox's members: the agents who see it when agents are restricted to their inboxes and teams. */
import { api } from '../../lib/api.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { ErrorNote, Saved, Section, useAction, useLoad } from './ui.tsx';
import { catalogue } from './visibility.strings.ts';

addMessages(catalogue);

interface Agent {
  id: string;
  name: string;
  disabled?: boolean;
}

export function InboxMembers({ inbox }: { inbox: { id: string; name: string } }) {
  const t = useT();
  const members = useLoad(
    () =>
      api<{ memberIds: string[] }>('GET', `/api/v1/inboxes/${inbox.id}/members`).then(
        (r) => r.memberIds,
      ),
    [inbox.id],
  );
  const agents = useLoad(() => api<{ data: Agent[] }>('GET', '/api/v1/users').then((r) => r.data));
  const act = useAction();
  // shown at once; the server's answer (or, on an error, a reload) settles it
  const save = async (memberIds: string[]) => {
    members.setData(memberIds);
    const done = await act.run(async () => {
      const r = await api<{ memberIds: string[] }>('PUT', `/api/v1/inboxes/${inbox.id}/members`, {
        memberIds,
      });
      members.setData(r.memberIds);
      return true;
    });
    if (!done) members.reload();
  };
  const ids = members.data ?? [];
  return (
    <Section title={t('visibility.members', { name: inbox.name })} id="inbox-members-h">
      <p className="hint">{t('visibility.membersHint')}</p>
      <fieldset className="cb-fieldset" data-testid="inbox-members">
        <legend>{t('visibility.members', { name: inbox.name })}</legend>
        <div className="cb-row">
          {members.data &&
            agents.data
              ?.filter((a) => !a.disabled || ids.includes(a.id))
              .map((a) => (
                <label key={a.id}>
                  <input
                    type="checkbox"
                    checked={ids.includes(a.id)}
                    disabled={act.busy}
                    onChange={(e) => {
                      void save(e.target.checked ? [...ids, a.id] : ids.filter((x) => x !== a.id));
                    }}
                  />
                  {a.name}
                </label>
              ))}
        </div>
      </fieldset>
      <Saved show={act.done} />
      <ErrorNote error={act.error ?? members.error ?? agents.error} />
    </Section>
  );
}
