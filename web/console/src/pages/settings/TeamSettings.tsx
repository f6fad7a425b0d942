/** Teams: create, and choose members (applies at once to routing and the inbox team views). */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { refreshDirectory } from '../../app/directory.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorNote, Section, useAction, useLoad } from './ui.tsx';

interface Team {
  id: string;
  name: string;
  description: string;
  memberIds: string[];
}
interface Agent {
  id: string;
  name: string;
  disabled?: boolean;
}

export default function TeamSettings() {
  const t = useT();
  const teams = useLoad(() => api<{ data: Team[] }>('GET', '/api/v1/teams').then((r) => r.data));
  const agents = useLoad(() => api<{ data: Agent[] }>('GET', '/api/v1/users').then((r) => r.data));
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const act = useAction();

  const setMembers = (team: Team, memberIds: string[]) =>
    act.run(async () => {
      const r = await api<{ memberIds: string[] }>('PUT', `/api/v1/teams/${team.id}/members`, {
        memberIds,
      });
      teams.setData(
        (list) =>
          list?.map((x) => (x.id === team.id ? { ...x, memberIds: r.memberIds } : x)) ?? null,
      );
      void refreshDirectory();
    });

  return (
    <>
      <Section title={t('settings.teams.new')} id="team-new-h">
        <form
          className="cb-row"
          onSubmit={(e) => {
            e.preventDefault();
            void act.run(async () => {
              await api('POST', '/api/v1/teams', { name, description });
              setName('');
              setDescription('');
              teams.reload();
              void refreshDirectory();
            });
          }}
        >
          <label className="cb-field">
            {t('cb.name')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
            />
          </label>
          <label className="cb-field" style={{ flex: 1 }}>
            {t('settings.teams.description')}
            <input
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              maxLength={500}
            />
          </label>
          <button
            type="submit"
            className="primary"
            disabled={act.busy}
            style={{ alignSelf: 'end' }}
          >
            {t('cb.create')}
          </button>
        </form>
        <ErrorNote error={act.error ?? teams.error} />
      </Section>
      {teams.data?.map((team) => (
        <Section key={team.id} title={team.name} id={`team-${team.id}`}>
          {team.description && <p className="hint">{team.description}</p>}
          <fieldset className="cb-fieldset">
            <legend>{t('settings.teams.membersOf', { name: team.name })}</legend>
            <div className="cb-row">
              {agents.data
                ?.filter((a) => !a.disabled || team.memberIds.includes(a.id))
                .map((a) => (
                  <label key={a.id}>
                    <input
                      type="checkbox"
                      checked={team.memberIds.includes(a.id)}
                      disabled={act.busy}
                      onChange={(e) => {
                        void setMembers(
                          team,
                          e.target.checked
                            ? [...team.memberIds, a.id]
                            : team.memberIds.filter((x) => x !== a.id),
                        );
                      }}
                    />
                    {a.name}
                  </label>
                ))}
            </div>
          </fieldset>
        </Section>
      ))}
    </>
  );
}
