/** /app/contacts: search; /app/contacts/:id: editable profile, custom attributes, identities, timeline, merge. */
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { BASE, linkHandler, useRoute } from '../../lib/router.ts';
import { hasRole, useMe } from '../../lib/session.ts';
import { registerStrings } from '../register-strings.ts';
import { ErrorNote, Saved, Section, useAction, useLoad } from '../settings/ui.tsx';
import { attributesPatch, type AttrRow } from './attributes.ts';
import { Timeline } from './Timeline.tsx';
import type { ContactDTO } from '../../../../../shared/dto.ts';

registerStrings();

/** GET /api/v1/contacts/:id adds mergedIntoId (and identities) to the contact. */
type Contact = ContactDTO & { mergedIntoId?: string | null };

export default function ContactsPage() {
  const { segments } = useRoute();
  const id = segments[1];
  return id ? <ContactDetail key={id} id={id} /> : <ContactSearch />;
}

function useContactSearch(q: string) {
  const [rows, setRows] = useState<Contact[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const id = setTimeout(() => {
      api<{ data: Contact[] }>(
        'GET',
        `/api/v1/contacts?limit=25${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`,
        undefined,
        { signal: ctl.signal },
      ).then(
        (r) => {
          setRows(r.data);
          setError(null);
        },
        (e) => {
          if ((e as Error).name !== 'AbortError') setError(e);
        },
      );
    }, 200);
    return () => {
      clearTimeout(id);
      ctl.abort();
    };
  }, [q]);
  return { rows, error };
}

function ContactSearch() {
  const t = useT();
  const [q, setQ] = useState('');
  const { rows, error } = useContactSearch(q);
  return (
    <div className="cb-page">
      <h1>{t('contacts.title')}</h1>
      <Section title={t('contacts.search')} id="contact-search-h">
        <label className="sr-only" htmlFor="contact-q">
          {t('contacts.search')}
        </label>
        <input
          id="contact-q"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('contacts.search')}
        />
        <ErrorNote error={error} />
        <table className="cb-table">
          <thead>
            <tr>
              <th scope="col">{t('cb.name')}</th>
              <th scope="col">{t('cb.email')}</th>
              <th scope="col">{t('contacts.phone')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <td>
                  <a
                    className="cb-link"
                    href={`${BASE}/contacts/${c.id}`}
                    onClick={linkHandler(`/contacts/${c.id}`)}
                  >
                    {c.name || t('contacts.noName')}
                  </a>
                </td>
                <td>{c.email ?? ''}</td>
                <td>{c.phone ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

function ContactDetail({ id }: { id: string }) {
  const t = useT();
  const me = useMe();
  const contact = useLoad(() => api<Contact>('GET', `/api/v1/contacts/${id}`), [id]);
  const [version, setVersion] = useState(0);
  const c = contact.data;
  return (
    <div className="cb-page" data-testid="contact-page">
      <a className="cb-link" href={`${BASE}/contacts`} onClick={linkHandler('/contacts')}>
        ← {t('contacts.back')}
      </a>
      <h1>{c ? c.name || c.email || t('contacts.noName') : t('contacts.profile')}</h1>
      <ErrorNote error={contact.error} />
      {c?.mergedIntoId && (
        <p role="status">
          {t('contacts.mergedInto')}{' '}
          <a
            className="cb-link"
            href={`${BASE}/contacts/${c.mergedIntoId}`}
            onClick={linkHandler(`/contacts/${c.mergedIntoId}`)}
          >
            →
          </a>
        </p>
      )}
      {c && (
        <div className="cb-grid2" style={{ gridTemplateColumns: 'minmax(0,1fr) minmax(0,1fr)' }}>
          <div style={{ display: 'grid', gap: 16, alignContent: 'start' }}>
            <ProfileForm contact={c} onSaved={(x) => contact.setData({ ...c, ...x })} />
            <Attributes contact={c} onSaved={(x) => contact.setData({ ...c, ...x })} />
            <Section title={t('contacts.identities')} id="identities-h">
              <ul className="cb-list">
                {c.identities?.map((i) => (
                  <li key={`${i.kind}:${i.value}`}>
                    <span className="cb-chip">{i.kind}</span>
                    <code style={{ overflowWrap: 'anywhere' }}>{i.value}</code>
                  </li>
                ))}
              </ul>
              <p className="hint">{formatDateTime(c.createdAt)}</p>
            </Section>
            {hasRole(me?.user, 'supervisor') && !c.mergedIntoId && (
              <Merge
                target={c}
                onMerged={() => {
                  contact.reload();
                  setVersion((v) => v + 1);
                }}
              />
            )}
          </div>
          <Section title={t('contacts.timeline')} id="timeline-h">
            <Timeline key={version} contactId={c.id} />
          </Section>
        </div>
      )}
    </div>
  );
}

function ProfileForm({ contact, onSaved }: { contact: Contact; onSaved: (c: Contact) => void }) {
  const t = useT();
  const [name, setName] = useState(contact.name ?? '');
  const [email, setEmail] = useState(contact.email ?? '');
  const [phone, setPhone] = useState(contact.phone ?? '');
  const act = useAction();
  return (
    <Section title={t('contacts.profile')} id="profile-h">
      <form
        className="cb-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () =>
            onSaved(
              await api<Contact>('PATCH', `/api/v1/contacts/${contact.id}`, {
                name: name.trim() || null,
                email: email.trim() || null,
                phone: phone.trim() || null,
              }),
            ),
          );
        }}
      >
        <label>
          {t('cb.name')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            data-testid="contact-name"
          />
        </label>
        <label>
          {t('cb.email')}
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            maxLength={254}
          />
        </label>
        <label>
          {t('contacts.phone')}
          <input
            type="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            maxLength={40}
          />
        </label>
        <div className="cb-row">
          <button type="submit" className="primary" disabled={act.busy}>
            {t('cb.save')}
          </button>
          <Saved show={act.done} />
        </div>
        <ErrorNote error={act.error} />
      </form>
    </Section>
  );
}

function Attributes({ contact, onSaved }: { contact: Contact; onSaved: (c: Contact) => void }) {
  const t = useT();
  const initial = (): AttrRow[] =>
    Object.entries(contact.attributes).map(([key, v]) => ({
      key,
      value: v == null ? '' : String(v),
    }));
  const [rows, setRows] = useState<AttrRow[]>(initial);
  const act = useAction();
  const set = (i: number, patch: Partial<AttrRow>) =>
    setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <Section title={t('contacts.attributes')} id="attrs-h">
      <form
        className="cb-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () =>
            onSaved(
              await api<Contact>('PATCH', `/api/v1/contacts/${contact.id}`, {
                attributes: attributesPatch(contact.attributes, rows),
              }),
            ),
          );
        }}
      >
        {rows.map((r, i) => (
          <div className="cb-row" key={i}>
            <input
              aria-label={t('contacts.attrKey')}
              value={r.key}
              onChange={(e) => set(i, { key: e.target.value })}
              maxLength={100}
              placeholder={t('contacts.attrKey')}
            />
            <input
              aria-label={t('contacts.attrValue')}
              value={r.value}
              onChange={(e) => set(i, { value: e.target.value })}
              maxLength={2000}
              placeholder={t('contacts.attrValue')}
              style={{ flex: 1 }}
            />
            <button
              type="button"
              className="ghost"
              aria-label={t('contacts.removeAttr', { key: r.key || String(i + 1) })}
              onClick={() => setRows((x) => x.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
        ))}
        <div className="cb-row">
          <button type="button" onClick={() => setRows((x) => [...x, { key: '', value: '' }])}>
            {t('contacts.addAttr')}
          </button>
          <button type="submit" className="primary" disabled={act.busy}>
            {t('cb.save')}
          </button>
          <Saved show={act.done} />
        </div>
        <ErrorNote error={act.error} />
      </form>
    </Section>
  );
}

function Merge({ target, onMerged }: { target: Contact; onMerged: () => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const { rows } = useContactSearch(q);
  const [source, setSource] = useState<Contact | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  // The merge confirmation starts on Cancel, the safe answer to an irreversible question.
  useEffect(() => {
    if (source) cancelButton.current?.focus();
  }, [source]);
  const act = useAction();
  const label = (c: Contact) => c.name || c.email || c.phone || t('contacts.noName');
  return (
    <Section title={t('contacts.merge')} id="merge-h">
      <p className="hint">{t('contacts.mergeHint')}</p>
      <label className="cb-field">
        {t('contacts.mergeSearch')}
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="merge-search"
        />
      </label>
      {q.trim() && (
        <ul className="cb-list">
          {rows
            .filter((c) => c.id !== target.id)
            .slice(0, 8)
            .map((c) => (
              <li key={c.id}>
                <span>
                  {label(c)} <span className="muted">{c.email ?? ''}</span>
                </span>
                <button type="button" onClick={() => setSource(c)}>
                  {t('contacts.merge')}
                </button>
              </li>
            ))}
        </ul>
      )}
      {source && (
        <div className="dialog-backdrop" role="presentation">
          <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="merge-confirm-h">
            <h2 id="merge-confirm-h">{t('contacts.merge')}</h2>
            <p>{t('contacts.mergeConfirm', { source: label(source), target: label(target) })}</p>
            <ErrorNote error={act.error} />
            <div className="actions">
              <button type="button" onClick={() => setSource(null)} ref={cancelButton}>
                {t('cb.cancel')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={act.busy}
                onClick={() => {
                  void act.run(async () => {
                    await api('POST', `/api/v1/contacts/${target.id}/merge`, {
                      sourceId: source.id,
                    });
                    setSource(null);
                    setQ('');
                    onMerged();
                  });
                }}
              >
                {t('cb.confirm')}
              </button>
            </div>
          </div>
        </div>
      )}
      {act.done && (
        <p role="status" className="cb-saved">
          {t('contacts.merged')}
        </p>
      )}
    </Section>
  );
}
