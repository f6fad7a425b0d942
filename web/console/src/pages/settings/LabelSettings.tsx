/** Labels: create with a colour, delete (removes it from conversations). */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { refreshDirectory } from '../../app/directory.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorNote, Section, useAction, useLoad } from './ui.tsx';

interface Label {
  id: string;
  name: string;
  color: string;
}

export default function LabelSettings() {
  const t = useT();
  const labels = useLoad(() => api<{ data: Label[] }>('GET', '/api/v1/labels').then((r) => r.data));
  const [name, setName] = useState('');
  const [color, setColor] = useState('#2456d6');
  const act = useAction();
  return (
    <Section title={t('settings.tab.labels')} id="labels-h">
      <form
        className="cb-row"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            await api('POST', '/api/v1/labels', { name, color });
            setName('');
            labels.reload();
            void refreshDirectory();
          });
        }}
      >
        <label className="cb-field">
          {t('cb.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={50} />
        </label>
        <label className="cb-field">
          {t('settings.labels.color')}
          <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={act.busy} style={{ alignSelf: 'end' }}>
          {t('settings.labels.new')}
        </button>
      </form>
      <ErrorNote error={act.error ?? labels.error} />
      <ul className="cb-list">
        {labels.data?.map((l) => (
          <li key={l.id}>
            <span>
              <span className="cb-swatch" style={{ background: l.color }} aria-hidden="true" />{' '}
              {l.name}
            </span>
            <button
              type="button"
              className="danger"
              aria-label={`${t('cb.delete')} ${l.name}`}
              disabled={act.busy}
              onClick={() => {
                void act.run(async () => {
                  await api('DELETE', `/api/v1/labels/${l.id}`);
                  labels.reload();
                  void refreshDirectory();
                });
              }}
            >
              {t('cb.delete')}
            </button>
          </li>
        ))}
      </ul>
      {labels.data?.length === 0 && <p className="muted">{t('cb.empty')}</p>}
    </Section>
  );
}
