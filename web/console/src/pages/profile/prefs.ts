/** Notification preferences stored in users.preferences.notifications, with defaults. Pure. */
export const NOTIFY_EVENTS = ['new_message', 'assignment', 'handover', 'mention'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export interface NotificationPrefs {
  desktop: boolean;
  sound: boolean;
  events: Record<NotifyEvent, boolean>;
}

export function notificationPrefs(
  preferences: Record<string, unknown> | null | undefined,
): NotificationPrefs {
  const n = (preferences?.notifications ?? {}) as Partial<NotificationPrefs>;
  const events = (n.events ?? {}) as Partial<Record<NotifyEvent, boolean>>;
  return {
    desktop: n.desktop !== false,
    sound: n.sound !== false,
    events: Object.fromEntries(NOTIFY_EVENTS.map((k) => [k, events[k] !== false])) as Record<
      NotifyEvent,
      boolean
    >,
  };
}
