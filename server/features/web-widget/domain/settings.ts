/** Web-chat channel rules: which settings are public, and which sites may embed the widget. */
export interface WidgetSettings {
  color?: string;
  greeting?: Record<string, string>;
  position?: string;
  /** fields: asked before the first message; required: those of them that must be filled. */
  preChatForm?: { enabled: boolean; fields: string[]; required?: string[] };
  allowedDomains?: string[];
  bot?: { mode?: string };
  requireIdentityVerification?: boolean;
}

export function publicWidgetSettings(s: WidgetSettings) {
  return {
    color: s.color ?? '#1f6feb',
    greeting: s.greeting ?? {},
    position: s.position ?? 'right',
    preChatForm: preChatForm(s),
    botMode: s.bot?.mode ?? 'off',
  };
}

const PRE_CHAT_FIELDS = ['name', 'email', 'phone'];

function preChatForm(s: WidgetSettings): {
  enabled: boolean;
  fields: string[];
  required: string[];
} {
  const fields = (s.preChatForm?.fields ?? []).filter((f) => PRE_CHAT_FIELDS.includes(f));
  return {
    enabled: !!s.preChatForm?.enabled && fields.length > 0,
    fields,
    required: (s.preChatForm?.required ?? []).filter((f) => fields.includes(f)),
  };
}

/** Hosts of the allow-list as CSP frame-ancestors sources ('*' when the list is empty). */
export function frameAncestors(s: WidgetSettings): string {
  const hosts = (s.allowedDomains ?? [])
    .map((d) => d.trim().toLowerCase())
    .filter((d) => /^(\*\.)?[a-z0-9.-]+(:\d+)?$/.test(d));
  if (!hosts.length) return '*';
  const out = new Set<string>(["'self'"]);
  for (const h of hosts) {
    out.add(h);
    if (h.startsWith('*.')) out.add(h.slice(2));
  }
  return [...out].join(' ');
}

/** An empty allow-list allows every site. The widget's own origin (same host) is always allowed. */
export function originAllowed(
  s: WidgetSettings,
  origin: string | undefined,
  host: string | undefined,
): boolean {
  const list = s.allowedDomains ?? [];
  if (!list.length || !origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  if (host && originHost === host.toLowerCase()) return true;
  return list.some((d) =>
    d.startsWith('*.')
      ? originHost.endsWith(d.slice(1)) || originHost === d.slice(2)
      : originHost === d,
  );
}
