/**
 * The bars around the conversation: the header, status banners (connection, offline, queue
 * position) and "talk to a human".
 */
import type { Controller, State } from './controller.ts';
import type { T } from './strings.ts';
import { BellIcon, CloseIcon, PersonIcon } from './icons.tsx';

/** The inbox's name and greeting, the sound toggle and close. */
export function Header({ c, t, s, greeting }: { c: Controller; t: T; s: State; greeting: string }) {
  return (
    <header class="k-head">
      <div class="k-title">
        <h1>{s.inboxName || t('title')}</h1>
        <p>{greeting}</p>
      </div>
      <button
        type="button"
        class="k-icon k-head-btn"
        aria-pressed={s.sound}
        aria-label={s.sound ? t('soundOff') : t('soundOn')}
        title={s.sound ? t('soundOff') : t('soundOn')}
        onClick={() => c.toggleSound()}
      >
        <BellIcon off={!s.sound} />
      </button>
      <button
        type="button"
        class="k-icon k-head-btn"
        aria-label={t('close')}
        title={t('close')}
        onClick={() => c.setOpen(false)}
      >
        <CloseIcon />
      </button>
    </header>
  );
}

/** Reconnecting, nobody online in an active conversation, this conversation's queue position. */
export function Banners({
  c,
  t,
  s,
  offlineBanner,
}: {
  c: Controller;
  t: T;
  s: State;
  offlineBanner: boolean;
}) {
  const queue =
    s.queue &&
    s.queue.position != null &&
    s.conversation &&
    s.queue.conversationId === s.conversation.id
      ? s.queue
      : null;
  return (
    <>
      {s.connection === 'reconnecting' ? (
        <div class="k-banner k-warn" role="status" data-testid="reconnecting">
          {t('reconnecting')}
        </div>
      ) : null}
      {offlineBanner ? <div class="k-banner">{t('offlineBanner')}</div> : null}
      {queue ? (
        <div class="k-banner" role="status" data-testid="queue">
          {queue.estimatedWaitSeconds != null
            ? t('queueWait', {
                n: queue.position!,
                count: Math.max(1, Math.round(queue.estimatedWaitSeconds / 60)),
              })
            : t('queue', { n: queue.position! })}
          {queue.overflow === 'leave_message' && !s.leaveMessage ? (
            <>
              {' '}
              <button type="button" class="k-link" onClick={() => c.requestLeaveMessage()}>
                {t('leaveMessage')}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** Shown while an automated reply is on screen: hand the conversation over to a person. */
export function HumanBar({ c, t, s }: { c: Controller; t: T; s: State }) {
  return (
    <div class="k-human">
      <span class="k-muted k-small">{t('talkToHumanHint')}</span>
      <button
        type="button"
        class="k-human-btn"
        disabled={s.handingOver}
        onClick={() => c.handover()}
      >
        <PersonIcon /> {s.handingOver ? t('handingOver') : t('talkToHuman')}
      </button>
    </div>
  );
}
