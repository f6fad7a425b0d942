/**
 * A message that came or went by email, shown as mail: subject and addresses, a warning when the
 * sender could not be verified (DKIM/DMARC) or the mail was automatic, the reply itself (the
 * message's text), the quoted history and signature folded away, the original formatting on demand
 * in a sandboxed frame (remote images blocked until allowed), and the delivery of an outgoing mail.
 */
import { useRef, useState } from 'react';
import type { MessageBodyProps } from '../../extensions.ts';
import { addMessages, formatDateTime, useT } from '../../lib/index.ts';
import { hasRemoteImages, mailDocument } from './mail-html.ts';
import { catalogue } from './strings.ts';

addMessages(catalogue);

interface Addr {
  address: string;
  name: string | null;
}
export interface EmailAttrs {
  subject?: string;
  from?: Addr | null;
  to?: Addr[] | string | null;
  cc?: Addr[];
  html?: string | null;
  htmlTruncated?: boolean;
  inline?: Record<string, string>;
  quoted?: string;
  signature?: string;
  auth?: { verified?: boolean };
  auto?: { kind?: string };
  forwarded?: unknown;
  sentOutsideKefu?: boolean;
  delivery?: {
    state?: string;
    attempts?: number;
    nextAttemptAt?: string | null;
    response?: string | null;
    warning?: string | null;
  };
}

const addr = (a: Addr) => (a.name ? `${a.name} <${a.address}>` : a.address);
const addrs = (v: Addr[] | string | null | undefined) =>
  typeof v === 'string' ? v : (v ?? []).map(addr).join(', ');

function Original({ html, inline }: { html: string; inline: Record<string, string> }) {
  const t = useT();
  const [remote, setRemote] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (doc?.body && frame.current)
      frame.current.style.height = `${Math.min(doc.body.scrollHeight + 24, 900)}px`;
  };
  return (
    <div className="email-original">
      {!remote && hasRemoteImages(html) && (
        <p className="muted">
          {t('email.imagesBlocked')}{' '}
          <button type="button" className="ghost" onClick={() => setRemote(true)}>
            {t('email.loadImages')}
          </button>
        </p>
      )}
      <iframe
        ref={frame}
        title={t('email.originalFrame')}
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        srcDoc={mailDocument(html, { inline, remoteImages: remote })}
        onLoad={fit}
        style={{
          width: '100%',
          height: 240,
          border: '1px solid var(--line, #ddd)',
          background: '#fff',
        }}
      />
    </div>
  );
}

function Delivery({ d }: { d: NonNullable<EmailAttrs['delivery']> }) {
  const t = useT();
  const state = d.state ?? 'pending';
  const text =
    state === 'deferred'
      ? t('email.delivery.deferred', {
          time: d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—',
          attempts: d.attempts ?? 0,
        })
      : t(`email.delivery.${state}`);
  return (
    <div className={`email-delivery ${state}`} data-testid="email-delivery" data-state={state}>
      {text}
      {(state === 'failed' || state === 'bounced') && d.response ? ` — ${d.response}` : ''}
      {d.warning === 'email_address_bounced' ? ` · ${t('email.delivery.addressBounced')}` : ''}
    </div>
  );
}

export function EmailBody({ message }: MessageBodyProps) {
  const t = useT();
  const e = (message.attributes as { email?: EmailAttrs }).email ?? {};
  const [quoted, setQuoted] = useState(false);
  const [original, setOriginal] = useState(false);
  const folded = [e.quoted, e.signature].filter(Boolean).join('\n\n');
  const incoming = message.type === 'incoming';
  return (
    <div className="email" data-testid="email-message">
      <div className="email-head">
        <div className="email-subject">
          <span className="sr-only">{t('email.subject')}: </span>
          {e.subject || t('email.noSubject')}
        </div>
        {e.from && (
          <div className="muted">
            {t('email.from')}: {addr(e.from)}
          </div>
        )}
        {addrs(e.to) && (
          <div className="muted">
            {t('email.to')}: {addrs(e.to)}
          </div>
        )}
        {e.cc && e.cc.length > 0 && (
          <div className="muted">
            {t('email.cc')}: {addrs(e.cc)}
          </div>
        )}
      </div>
      {incoming && e.auth && e.auth.verified === false && e.from && (
        <div className="email-warning" role="note" data-testid="email-unverified">
          {t('email.unverified', { address: e.from.address })}
        </div>
      )}
      {e.auto && <div className="email-note">{t('email.automatic')}</div>}
      {e.forwarded ? <div className="email-note">{t('email.forwarded')}</div> : null}
      {e.sentOutsideKefu && <div className="email-note">{t('email.outsideKefu')}</div>}
      <div className="email-text">{message.content}</div>
      {folded && (
        <>
          <button type="button" className="ghost email-toggle" onClick={() => setQuoted(!quoted)}>
            {quoted ? t('email.hideQuoted') : t('email.showQuoted')}
          </button>
          {quoted && <pre className="email-quoted">{folded}</pre>}
        </>
      )}
      {e.html && (
        <>
          <button
            type="button"
            className="ghost email-toggle"
            onClick={() => setOriginal(!original)}
          >
            {original ? t('email.hideOriginal') : t('email.showOriginal')}
          </button>
          {original && <Original html={e.html} inline={e.inline ?? {}} />}
        </>
      )}
      {e.htmlTruncated && <div className="muted">{t('email.truncated')}</div>}
      {!incoming && e.delivery && <Delivery d={e.delivery} />}
    </div>
  );
}
