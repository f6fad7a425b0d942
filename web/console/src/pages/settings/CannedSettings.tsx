/** Canned responses: short code + content with {{variable}} placeholders; create, edit, delete. */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorNote, Section, useAction, useLoad } from './ui.tsx';

interface Canned {
  id: string;
  shortCode: string;
  content: string;
}

export default function CannedSettings() {
  const t = useT();
  const list = useLoad(() =>
    api<{ data: Canned[] }>('GET', '/api/v1/canned-responses').then((r) => r.data),
  );
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <Section title={t('settings.canned.new')} id="canned-new-h">
        <p className="hint">{t('settings.canned.hint')}</p>
        <CannedForm onDone={list.reload} />
      </Section>
      <Section title={t('settings.tab.canned')} id="canned-h">
        <ErrorNote error={list.error} />
        <ul className="cb-list">
          {list.data?.map((c) => (
            <li key={c.id} style={{ display: 'grid' }}>
              {editing === c.id ? (
                <CannedForm
                  current={c}
                  onDone={() => {
                    setEditing(null);
                    list.reload();
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <div className="cb-row" style={{ justifyContent: 'space-between' }}>
                  <span>
                    <code className="kbd">/{c.shortCode}</code>{' '}
                    <span style={{ whiteSpace: 'pre-wrap' }}>{c.content}</span>
                  </span>
                  <span className="cb-row">
                    <button
                      type="button"
                      onClick={() => setEditing(c.id)}
                      aria-label={`${t('cb.edit')} /${c.shortCode}`}
                    >
                      {t('cb.edit')}
                    </button>
                    <DeleteCanned c={c} onDone={list.reload} />
                  </span>
                </div>
              )}
            </li>
          ))}
        </ul>
        {list.data?.length === 0 && <p className="muted">{t('cb.empty')}</p>}
      </Section>
    </>
  );
}

function DeleteCanned({ c, onDone }: { c: Canned; onDone: () => void }) {
  const t = useT();
  const act = useAction();
  return (
    <button
      type="button"
      className="danger"
      disabled={act.busy}
      aria-label={`${t('cb.delete')} /${c.shortCode}`}
      onClick={() => {
        void act.run(async () => {
          await api('DELETE', `/api/v1/canned-responses/${c.id}`);
          onDone();
        });
      }}
    >
      {t('cb.delete')}
    </button>
  );
}

function CannedForm({
  current,
  onDone,
  onCancel,
}: {
  current?: Canned;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const [shortCode, setCode] = useState(current?.shortCode ?? '');
  const [content, setContent] = useState(current?.content ?? '');
  const act = useAction();
  const id = current?.id ?? 'new';
  return (
    <form
      className="cb-form"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(async () => {
          if (current)
            await api('PATCH', `/api/v1/canned-responses/${current.id}`, { shortCode, content });
          else {
            await api('POST', '/api/v1/canned-responses', { shortCode, content });
            setCode('');
            setContent('');
          }
          onDone();
        });
      }}
    >
      <label htmlFor={`code-${id}`}>{t('settings.canned.code')}</label>
      <input
        id={`code-${id}`}
        value={shortCode}
        onChange={(e) => setCode(e.target.value)}
        required
        maxLength={50}
      />
      <label htmlFor={`content-${id}`}>{t('settings.canned.content')}</label>
      <textarea
        id={`content-${id}`}
        rows={3}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        required
        maxLength={5000}
        placeholder="您好 {{contact.name}}，…"
      />
      <div className="cb-row">
        <button type="submit" className="primary" disabled={act.busy}>
          {current ? t('cb.save') : t('cb.create')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cb.cancel')}
          </button>
        )}
      </div>
      <ErrorNote error={act.error} />
    </form>
  );
}
