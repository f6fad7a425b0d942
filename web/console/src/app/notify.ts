/**
 * Desktop notifications and a short WebAudio beep (no audio asset) for new assignments and new
 * customer messages in my conversations. Respects user.preferences.notifications {desktop, sound}.
 */
import { getMe } from '../lib/session.ts';

let audio: AudioContext | null = null;

export function beep(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.3);
  } catch {
    /* audio unavailable */
  }
}

type NotifyKind = 'new_message' | 'assignment' | 'handover';
/** users.preferences.notifications { desktop, sound, events: { new_message, assignment, … } } (profile page), default on. */
function prefs(kind: NotifyKind): { desktop: boolean; sound: boolean } {
  const p = (getMe()?.user.preferences?.notifications ?? {}) as {
    desktop?: boolean;
    sound?: boolean;
    events?: Record<string, boolean>;
  };
  const on = p.events?.[kind] !== false;
  return { desktop: on && p.desktop !== false, sound: on && p.sound !== false };
}

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

export async function askPermission(): Promise<void> {
  if (notificationsSupported() && Notification.permission === 'default')
    await Notification.requestPermission();
}

/** Notifies unless the user is looking at that conversation right now. */
export function notify(
  kind: NotifyKind,
  title: string,
  body: string,
  opts: { conversationId: string; visibleConversationId: string | null; onClick?: () => void },
): void {
  if (
    opts.visibleConversationId === opts.conversationId &&
    document.visibilityState === 'visible' &&
    document.hasFocus()
  )
    return;
  const p = prefs(kind);
  if (p.sound) beep();
  if (
    p.desktop &&
    notificationsSupported() &&
    Notification.permission === 'granted' &&
    (document.visibilityState !== 'visible' || !document.hasFocus())
  ) {
    try {
      const n = new Notification(title, { body: body.slice(0, 140), tag: opts.conversationId });
      n.onclick = () => {
        window.focus();
        opts.onClick?.();
        n.close();
      };
    } catch {
      /* some browsers forbid the constructor */
    }
  }
}
