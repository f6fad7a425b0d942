/**
 * The iframe chat UI (Preact): the layout and which parts show when. Everything user-generated is
 * rendered as text; links only via safeHref. The parts: bars.tsx (header, banners, talk to a
 * human), MessageList.tsx, Composer.tsx, Csat.tsx, forms.tsx (pre-chat, offline),
 * ArticleSearch.tsx; scroll.ts keeps the newest message in view (or shows the "new messages" pill).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { translator } from '../../../shared/i18n.ts';
import { ArticleSearch } from './ArticleSearch.tsx';
import { Banners, Header, HumanBar } from './bars.tsx';
import { Composer, ContextChip } from './Composer.tsx';
import type { Controller, State } from './controller.ts';
import { Csat } from './Csat.tsx';
import { OfflineForm, PrechatForm } from './forms.tsx';
import { showHumanControl } from './messages.ts';
import { MessageList, NewMessagesPill } from './MessageList.tsx';
import { useNewestInView } from './scroll.ts';
import { catalogue, type T } from './strings.ts';

export function useControllerState(c: Controller): State {
  const [state, setState] = useState(c.state);
  useEffect(() => c.subscribe(() => setState(c.state)), [c]);
  return state;
}

/** Black or white text, whichever has more contrast on the brand colour (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111111';
}

export function App({ c }: { c: Controller }) {
  const s = useControllerState(c);
  const t: T = useMemo(() => translator(catalogue, s.locale), [s.locale]);
  useEffect(() => {
    document.documentElement.lang = s.locale;
    document.title = t('title');
  }, [s.locale]);
  useEffect(() => {
    const root = document.documentElement;
    if (s.settings?.color && /^#[0-9a-fA-F]{6}$/.test(s.settings.color)) {
      root.style.setProperty('--kc', s.settings.color);
      root.style.setProperty('--kct', readableOn(s.settings.color));
    }
  }, [s.settings?.color]);
  const newest = useNewestInView(s.messages.length, s.pending.length, s.open);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') c.setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const human = useMemo(
    () => showHumanControl(s.messages, s.conversation),
    [s.messages, s.conversation],
  );
  if (s.phase === 'blocked')
    return (
      <main class="k-app">
        <p class="k-card">{t('blocked')}</p>
      </main>
    );
  if (s.phase === 'loading') return <main class="k-app" aria-busy="true" />;

  const settings = s.settings;
  const greeting = settings?.greeting?.[s.locale] || t('greeting');
  const chatting = s.messages.length > 0 || s.pending.length > 0;
  const activeConversation =
    !!s.conversation && s.conversation.status !== 'resolved' && s.conversation.status !== 'closed';
  // Nobody online: offer the leave-a-message form, unless the inbox's bot answers around the clock.
  const offline = s.availability?.online === false && settings?.botMode !== 'on';
  const showOffline =
    (s.leaveMessage || (offline && !activeConversation && !s.offlineSent)) && !s.pending.length;
  const showPrechat =
    !showOffline &&
    !!settings?.preChatForm.enabled &&
    !s.prechatDone &&
    !chatting &&
    !s.conversation;

  return (
    <main class="k-app">
      <Header c={c} t={t} s={s} greeting={greeting} />
      <Banners c={c} t={t} s={s} offlineBanner={offline && activeConversation} />
      <section class="k-body" ref={newest.ref}>
        {!chatting && !s.conversation && s.articlesAvailable && !showOffline ? (
          <ArticleSearch c={c} t={t} />
        ) : null}
        <MessageList c={c} t={t} s={s} grow={chatting} />
        {s.csat?.pending ? <Csat c={c} t={t} /> : null}
        {s.csat && !s.csat.pending && s.csat.rating ? (
          <p class="k-card k-thanks" role="status">
            {t('csatThanks')}
          </p>
        ) : null}
        {showOffline ? <ContextChip c={c} t={t} s={s} /> : null}
        {showOffline ? <OfflineForm c={c} t={t} s={s} /> : null}
        {s.offlineSent ? (
          <p class="k-card k-thanks" role="status">
            {t('offlineThanks')}
          </p>
        ) : null}
        {showPrechat ? <PrechatForm c={c} t={t} form={settings!.preChatForm} /> : null}
        {newest.unseen ? <NewMessagesPill t={t} onClick={newest.toEnd} /> : null}
      </section>
      {human ? <HumanBar c={c} t={t} s={s} /> : null}
      {!showOffline && !showPrechat ? <Composer c={c} t={t} s={s} /> : null}
    </main>
  );
}
