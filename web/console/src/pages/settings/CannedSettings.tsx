/**
 * Canned responses: a short code and one text per language (Chinese, English) with {{variable}}
 * placeholders; a customer gets the text in their language. Create, edit, delete.
 */
import { useState } from 'react';
import type { CannedResponseDTO } from '../../../../../shared/dto.ts';
import { LOCALES, type Locale } from '../../../../../shared/i18n.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorNote, Section, useAction, useLoad } from './ui.tsx';

type Texts = CannedResponseDTO['texts'];

export default function CannedSettings() {
  const t = useT();
  const list = useLoad(() =>
    api<{ data: CannedResponseDTO[] }>('GET', '/api/v1/canned-responses').then((r) => r.data),
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
            <li key={c.id} style={{ display: 'grid' }} data-testid="canned-row">
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
                  <span style={{ display: 'grid', gap: 4 }}>
                    <code className="kbd">/{c.shortCode}</code>
                    {LOCALES.map((l) => (
                      <span key={l} lang={l}>
                        <span className="muted">{t(`settings.canned.text.${l}`)}: </span>
                        {c.texts[l] ? (
                          <span style={{ whiteSpace: 'pre-wrap' }}>{c.texts[l]}</span>
                        ) : (
                          <em className="muted">{t('settings.canned.missing')}</em>
                        )}
                      </span>
                    ))}
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

function DeleteCanned({ c, onDone }: { c: CannedResponseDTO; onDone: () => void }) {
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

const PLACEHOLDER: Record<Locale, string> = {
  'zh-CN': '您好，我是客服{{agent.name}}，很高兴为您服务！',
  en: 'Hi, this is {{agent.name}}, happy to help!',
};

function CannedForm({
  current,
  onDone,
  onCancel,
}: {
  current?: CannedResponseDTO;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const [shortCode, setCode] = useState(current?.shortCode ?? '');
  const [texts, setTexts] = useState<Texts>(current?.texts ?? {});
  const [needText, setNeedText] = useState(false);
  const act = useAction();
  const id = current?.id ?? 'new';
  return (
    <form
      className="cb-form"
      onSubmit={(e) => {
        e.preventDefault();
        const filled = LOCALES.some((l) => texts[l]?.trim());
        setNeedText(!filled);
        if (!filled) return;
        // every language is sent: an empty one means "no text in this language"
        const body = {
          shortCode,
          texts: Object.fromEntries(LOCALES.map((l) => [l, texts[l] ?? ''])),
        };
        void act.run(async () => {
          if (current) await api('PATCH', `/api/v1/canned-responses/${current.id}`, body);
          else {
            await api('POST', '/api/v1/canned-responses', body);
            setCode('');
            setTexts({});
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
      {LOCALES.map((l) => (
        <div key={l} className="cb-field">
          <label htmlFor={`text-${l}-${id}`}>{t(`settings.canned.text.${l}`)}</label>
          <textarea
            id={`text-${l}-${id}`}
            lang={l}
            rows={3}
            value={texts[l] ?? ''}
            onChange={(e) => setTexts((prev) => ({ ...prev, [l]: e.target.value }))}
            maxLength={5000}
            placeholder={PLACEHOLDER[l]}
            aria-invalid={needText || undefined}
          />
        </div>
      ))}
      {needText && (
        <p className="cb-error" role="alert">
          {t('settings.canned.needText')}
        </p>
      )}
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
