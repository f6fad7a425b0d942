/** Inboxes: pick one, edit the web-chat appearance with a live preview, copy the embed snippet, members. */
import { useEffect, useMemo, useState } from 'react';
import { widgetSnippet } from '../../../../../shared/contracts.ts';
import type { InboxDTO } from '../../../../../shared/dto.ts';
import { api } from '../../lib/api.ts';
import { refreshDirectory } from '../../app/directory.ts';
import { useT } from '../../lib/i18n.ts';
import { ChannelSections } from './ChannelSections.tsx';
import { InboxMembers } from './InboxMembers.tsx';
import { CopyButton, ErrorNote, Saved, Section, useAction, useLoad } from './ui.tsx';
import {
  formFromSettings,
  PRECHAT_FIELDS,
  settingsFromForm,
  textOn,
  type WidgetForm,
  type WidgetSettings,
} from './widget-form.ts';

/** GET /api/v1/inboxes, with the settings as the admin form reads them. */
type Inbox = Omit<InboxDTO, 'settings'> & { settings: WidgetSettings };

export function InboxSettings() {
  const t = useT();
  const inboxes = useLoad(() =>
    api<{ data: Inbox[] }>('GET', '/api/v1/inboxes').then((r) => r.data),
  );
  const [selected, setSelected] = useState<string | null>(null);
  const current = inboxes.data?.find((i) => i.id === selected) ?? inboxes.data?.[0] ?? null;
  return (
    <>
      <Section title={t('settings.tab.inboxes')} id="inboxes-h">
        <ErrorNote error={inboxes.error} />
        <div className="cb-row">
          <label className="cb-field" style={{ flex: 1 }}>
            {t('settings.inbox.pick')}
            <select
              value={current?.id ?? ''}
              onChange={(e) => setSelected(e.target.value)}
              data-testid="inbox-select"
            >
              {inboxes.data?.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name} · {t(`settings.inbox.type.${i.channelType}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <NewInbox
          onCreated={(id) => {
            setSelected(id);
            inboxes.reload();
          }}
        />
      </Section>
      {current && (
        <InboxEditor
          key={current.id}
          inbox={current}
          onSaved={(i) =>
            inboxes.setData((list) => list?.map((x) => (x.id === i.id ? i : x)) ?? null)
          }
        />
      )}
      {current && <ChannelSections key={`channel-${current.id}`} inbox={current} />}
      {current && <InboxMembers key={`members-${current.id}`} inbox={current} />}
    </>
  );
}

function NewInbox({ onCreated }: { onCreated: (id: string) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [channelType, setType] = useState('web_widget');
  const act = useAction();
  return (
    <form
      className="cb-row"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(async () => {
          const i = await api<Inbox>('POST', '/api/v1/inboxes', { name, channelType });
          setName('');
          onCreated(i.id);
          void refreshDirectory();
        });
      }}
    >
      <label className="cb-field">
        {t('settings.inbox.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <label className="cb-field">
        {t('settings.inbox.channel')}
        <select value={channelType} onChange={(e) => setType(e.target.value)}>
          {['web_widget', 'email', 'api', 'wechat_oa'].map((c) => (
            <option key={c} value={c}>
              {t(`settings.inbox.type.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={act.busy || !name.trim()} style={{ alignSelf: 'end' }}>
        {t('settings.inbox.new')}
      </button>
      <ErrorNote error={act.error} />
    </form>
  );
}

function InboxEditor({ inbox, onSaved }: { inbox: Inbox; onSaved: (i: Inbox) => void }) {
  const t = useT();
  const [name, setName] = useState(inbox.name);
  const [form, setForm] = useState<WidgetForm>(() => formFromSettings(inbox.settings));
  const act = useAction();
  const set = <K extends keyof WidgetForm>(k: K, v: WidgetForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    act.setDone(false);
  };
  const isWidget = inbox.channelType === 'web_widget';
  const snippet = useMemo(
    () => widgetSnippet(window.location.origin, inbox.publicToken),
    [inbox.publicToken],
  );
  const { done, setDone } = act;
  useEffect(() => {
    if (!done) return;
    const id = setTimeout(() => setDone(false), 3000);
    return () => clearTimeout(id);
  }, [done, setDone]);

  async function save() {
    const body = isWidget ? { name, settings: settingsFromForm(form) } : { name };
    onSaved(await api<Inbox>('PATCH', `/api/v1/inboxes/${inbox.id}`, body));
    void refreshDirectory();
  }

  return (
    <>
      <Section
        title={`${t(isWidget ? 'settings.inbox.appearance' : 'settings.inbox.general')} · ${inbox.name}`}
        id="appearance-h"
      >
        <div className="cb-grid2">
          <form
            className="cb-form"
            onSubmit={(e) => {
              e.preventDefault();
              void act.run(save);
            }}
            data-testid="inbox-form"
          >
            <label>
              {t('settings.inbox.name')}
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={100}
              />
            </label>
            {isWidget && (
              <>
                <div className="cb-row">
                  <label>
                    {t('settings.inbox.color')}
                    <input
                      type="color"
                      value={form.color}
                      onChange={(e) => set('color', e.target.value)}
                      data-testid="color-picker"
                    />
                  </label>
                  <label>
                    {t('settings.inbox.colorHex')}
                    <input
                      value={form.color}
                      onChange={(e) => set('color', e.target.value)}
                      pattern="#[0-9a-fA-F]{6}"
                      size={9}
                      data-testid="color-hex"
                    />
                  </label>
                </div>
                <label>
                  {t('settings.inbox.greetingZh')}
                  <textarea
                    rows={2}
                    maxLength={500}
                    value={form.greetingZh}
                    onChange={(e) => set('greetingZh', e.target.value)}
                    data-testid="greeting-zh"
                  />
                </label>
                <label>
                  {t('settings.inbox.greetingEn')}
                  <textarea
                    rows={2}
                    maxLength={500}
                    value={form.greetingEn}
                    onChange={(e) => set('greetingEn', e.target.value)}
                    data-testid="greeting-en"
                  />
                </label>
                <fieldset className="cb-fieldset">
                  <legend>{t('settings.inbox.position')}</legend>
                  <div className="cb-row">
                    {(['left', 'right'] as const).map((p) => (
                      <label key={p}>
                        <input
                          type="radio"
                          name="position"
                          value={p}
                          checked={form.position === p}
                          onChange={() => set('position', p)}
                        />
                        {t(`settings.inbox.${p}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <fieldset className="cb-fieldset">
                  <legend>{t('settings.inbox.prechat')}</legend>
                  <div className="cb-row">
                    <label>
                      <input
                        type="checkbox"
                        checked={form.preChatEnabled}
                        onChange={(e) => set('preChatEnabled', e.target.checked)}
                      />
                      {t('settings.inbox.prechatEnabled')}
                    </label>
                  </div>
                  {PRECHAT_FIELDS.map((f) => (
                    <div className="cb-row" key={f}>
                      <label>
                        <input
                          type="checkbox"
                          disabled={!form.preChatEnabled}
                          checked={form.preChatFields.includes(f)}
                          onChange={(e) =>
                            set(
                              'preChatFields',
                              e.target.checked
                                ? [...form.preChatFields, f]
                                : form.preChatFields.filter((x) => x !== f),
                            )
                          }
                        />
                        {t(`settings.inbox.field.${f}`)}
                      </label>
                      <label>
                        <input
                          type="checkbox"
                          disabled={!form.preChatEnabled || !form.preChatFields.includes(f)}
                          checked={form.preChatRequired.includes(f)}
                          aria-label={`${t(`settings.inbox.field.${f}`)}: ${t('settings.inbox.required')}`}
                          onChange={(e) =>
                            set(
                              'preChatRequired',
                              e.target.checked
                                ? [...form.preChatRequired, f]
                                : form.preChatRequired.filter((x) => x !== f),
                            )
                          }
                        />
                        {t('settings.inbox.required')}
                      </label>
                    </div>
                  ))}
                </fieldset>
                <label>
                  {t('settings.inbox.domains')}
                  <textarea
                    rows={3}
                    value={form.domains}
                    onChange={(e) => set('domains', e.target.value)}
                    aria-describedby="domains-hint"
                    spellCheck={false}
                  />
                  <span className="hint" id="domains-hint">
                    {t('settings.inbox.domainsHint')}
                  </span>
                </label>
                <label>
                  {t('settings.inbox.bot')}
                  <select
                    value={form.botMode}
                    onChange={(e) => set('botMode', e.target.value as WidgetForm['botMode'])}
                    data-testid="bot-mode"
                  >
                    {(['on', 'suggest', 'off'] as const).map((m) => (
                      <option key={m} value={m}>
                        {t(`settings.inbox.bot.${m}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <div className="cb-row">
                  <label>
                    <input
                      type="checkbox"
                      checked={form.verify}
                      onChange={(e) => set('verify', e.target.checked)}
                    />
                    {t('settings.inbox.verify')}
                  </label>
                </div>
              </>
            )}
            <div className="cb-row">
              <button
                type="submit"
                className="primary"
                disabled={act.busy}
                data-testid="inbox-save"
              >
                {act.busy ? t('cb.saving') : t('cb.save')}
              </button>
              <Saved show={act.done} />
            </div>
            <ErrorNote error={act.error} />
          </form>
          {isWidget && (
            <div className="cb-form">
              <span className="cb-field">{t('settings.inbox.preview')}</span>
              <Preview form={form} title={name} />
            </div>
          )}
        </div>
      </Section>
      {isWidget && (
        <Section title={t('settings.inbox.snippet')} id="snippet-h">
          <p className="hint">{t('settings.inbox.snippetHint')}</p>
          <pre className="cb-code" data-testid="snippet">
            {snippet}
          </pre>
          <div className="cb-row">
            <CopyButton text={snippet} label={t('settings.inbox.snippet')} testId="copy-snippet" />
          </div>
          {inbox.hmacSecret && (
            <details>
              <summary>{t('settings.inbox.hmac')}</summary>
              <div className="cb-row">
                <code className="cb-code">{inbox.hmacSecret}</code>
                <CopyButton text={inbox.hmacSecret} label={t('settings.inbox.hmac')} />
              </div>
            </details>
          )}
        </Section>
      )}
    </>
  );
}

function Preview({ form, title }: { form: WidgetForm; title: string }) {
  const t = useT();
  const color = /^#[0-9a-fA-F]{6}$/.test(form.color) ? form.color : '#1f6feb';
  const fg = textOn(color);
  const side = form.position === 'left' ? { left: 16 } : { right: 16 };
  const greeting =
    (document.documentElement.lang === 'en' ? form.greetingEn : form.greetingZh) ||
    form.greetingEn ||
    form.greetingZh;
  return (
    <div
      className="cb-preview"
      aria-hidden="true"
      data-testid="widget-preview"
      data-position={form.position}
    >
      <div className="pv-panel" style={side}>
        <div className="pv-head" style={{ background: color, color: fg }}>
          {title}
        </div>
        <div className="pv-body">
          {greeting && <div className="pv-msg">{greeting}</div>}
          <div className="pv-msg pv-me" style={{ background: color, color: fg }}>
            {t('settings.inbox.previewHello')}
          </div>
        </div>
        <div className="pv-input">{t('settings.inbox.previewInput')}</div>
      </div>
      <div className="pv-launcher" style={{ ...side, background: color, color: fg }}>
        <svg width="24" height="24" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
        </svg>
      </div>
    </div>
  );
}
