/**
 * "New email" in the inbox's side column (agents): a small button that opens a form — inbox (email
 * inboxes only), to, subject, message — which starts the conversation
 * (POST /api/v1/email/conversations) and opens it. Hidden when the account has no email inbox.
 * The dialog lives in document.body (the side column's button styles stay out of it).
 */
import { SquarePen } from 'lucide-react';
import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { addMessages, api, navigate, useT } from '../../lib/index.ts';
import { useAction, useLoad } from '../../pages/settings/ui.tsx';
import '../../pages/settings/ui.css';
import './email-settings.css';
import { Field, fieldErrors, MailError } from './form.tsx';
import { catalogue } from './strings.ts';

addMessages(catalogue);

const EMPTY = { inboxId: '', to: '', name: '', subject: '', content: '' };

export default function NewEmail() {
  const t = useT();
  const inboxes = useLoad(() =>
    api<{ data: Array<{ id: string; name: string; channelType: string }> }>(
      'GET',
      '/api/v1/inboxes',
    ).then((r) => r.data.filter((i) => i.channelType === 'email')),
  );
  const dialog = useRef<HTMLDialogElement>(null);
  const [f, setF] = useState(EMPTY);
  const [requestId, setRequestId] = useState('');
  const act = useAction();
  const errors = fieldErrors(act.error);
  const list = inboxes.data ?? [];
  if (!list.length) return null;
  const open = () => {
    setF({ ...EMPTY, inboxId: list[0].id });
    setRequestId(crypto.randomUUID());
    act.setDone(false);
    dialog.current?.showModal();
  };
  const send = () =>
    void act.run(async () => {
      const r = await api<{ conversation: { id: string } }>('POST', '/api/v1/email/conversations', {
        inboxId: f.inboxId,
        to: f.to.trim(),
        name: f.name.trim() || null,
        subject: f.subject,
        content: f.content,
        clientMessageId: requestId,
      });
      dialog.current?.close();
      navigate(`/c/${r.conversation.id}`);
    });
  const set = (patch: Partial<typeof EMPTY>) => setF((x) => ({ ...x, ...patch }));
  return (
    <div className="em-new">
      <button type="button" onClick={open} data-testid="email-new">
        <SquarePen size={15} aria-hidden="true" /> <span>{t('email.new.open')}</span>
      </button>
      {createPortal(
        <dialog ref={dialog} className="em-dialog" aria-labelledby="email-new-h">
          <h2 id="email-new-h">{t('email.new.title')}</h2>
          <form
            className="cb-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              send();
            }}
          >
            <Field id="email-new-inbox" label={t('email.new.inbox')} error={errors.inboxId}>
              {(a) => (
                <select {...a} value={f.inboxId} onChange={(e) => set({ inboxId: e.target.value })}>
                  {list.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="email-new-to" label={t('email.new.to')} error={errors.to}>
              {(a) => (
                <input
                  {...a}
                  type="email"
                  value={f.to}
                  onChange={(e) => set({ to: e.target.value })}
                />
              )}
            </Field>
            <Field id="email-new-name" label={t('email.new.name')} error={errors.name}>
              {(a) => (
                <input {...a} value={f.name} onChange={(e) => set({ name: e.target.value })} />
              )}
            </Field>
            <Field id="email-new-subject" label={t('email.new.subject')} error={errors.subject}>
              {(a) => (
                <input
                  {...a}
                  value={f.subject}
                  onChange={(e) => set({ subject: e.target.value })}
                />
              )}
            </Field>
            <Field id="email-new-content" label={t('email.new.body')} error={errors.content}>
              {(a) => (
                <textarea
                  {...a}
                  rows={8}
                  value={f.content}
                  onChange={(e) => set({ content: e.target.value })}
                />
              )}
            </Field>
            <MailError error={act.error} />
            <div className="cb-row">
              <button type="submit" className="primary" disabled={act.busy}>
                {t('email.new.send')}
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                {t('email.new.cancel')}
              </button>
            </div>
          </form>
        </dialog>,
        document.body,
      )}
    </div>
  );
}
