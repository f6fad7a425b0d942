/** Web-chat channel rules: which settings are public, and which sites may embed the widget. */
export interface WidgetSettings {
  color?: string; greeting?: Record<string, string>; position?: string;
  preChatForm?: { enabled: boolean; fields: string[] }; allowedDomains?: string[]; bot?: { mode?: string };
  requireIdentityVerification?: boolean;
}

export function publicWidgetSettings(s: WidgetSettings) {
  return {
    color: s.color ?? '#1f6feb', greeting: s.greeting ?? {}, position: s.position ?? 'right',
    preChatForm: s.preChatForm ?? { enabled: false, fields: [] }, botMode: s.bot?.mode ?? 'off',
  };
}

/** An empty allow-list allows every site. The widget's own origin (same host) is always allowed. */
export function originAllowed(s: WidgetSettings, origin: string | undefined, host: string | undefined): boolean {
  const list = s.allowedDomains ?? [];
  if (!list.length || !origin) return true;
  let originHost: string;
  try { originHost = new URL(origin).host.toLowerCase(); } catch { return false; }
  if (host && originHost === host.toLowerCase()) return true;
  return list.some((d) => (d.startsWith('*.') ? originHost.endsWith(d.slice(1)) || originHost === d.slice(2) : originHost === d));
}
