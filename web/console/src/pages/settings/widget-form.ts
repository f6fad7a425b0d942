/** Web-chat settings form state ↔ the PATCH /api/v1/inboxes/:id `settings` body. Pure. */
export interface WidgetSettings {
  color?: string;
  greeting?: Record<string, string>;
  position?: string;
  preChatForm?: { enabled: boolean; fields: string[]; required?: string[] };
  allowedDomains?: string[];
  bot?: { mode?: string };
  requireIdentityVerification?: boolean;
}
export interface WidgetForm {
  color: string;
  greetingZh: string;
  greetingEn: string;
  position: 'left' | 'right';
  preChatEnabled: boolean;
  preChatFields: string[];
  preChatRequired: string[];
  domains: string;
  botMode: 'on' | 'off' | 'suggest';
  verify: boolean;
}
export const PRECHAT_FIELDS = ['name', 'email', 'phone'] as const;

export function formFromSettings(s: WidgetSettings): WidgetForm {
  return {
    color: /^#[0-9a-fA-F]{6}$/.test(s.color ?? '') ? s.color! : '#1f6feb',
    greetingZh: s.greeting?.['zh-CN'] ?? '',
    greetingEn: s.greeting?.en ?? '',
    position: s.position === 'left' ? 'left' : 'right',
    preChatEnabled: !!s.preChatForm?.enabled,
    preChatFields: (s.preChatForm?.fields ?? []).filter((f) =>
      (PRECHAT_FIELDS as readonly string[]).includes(f),
    ),
    preChatRequired: (s.preChatForm?.required ?? []).filter((f) =>
      (PRECHAT_FIELDS as readonly string[]).includes(f),
    ),
    domains: (s.allowedDomains ?? []).join('\n'),
    botMode: s.bot?.mode === 'on' || s.bot?.mode === 'suggest' ? s.bot.mode : 'off',
    verify: !!s.requireIdentityVerification,
  };
}

export function settingsFromForm(f: WidgetForm) {
  return {
    color: f.color.toLowerCase(),
    greeting: { 'zh-CN': f.greetingZh, en: f.greetingEn },
    position: f.position,
    preChatForm: {
      enabled: f.preChatEnabled,
      fields: PRECHAT_FIELDS.filter((x) => f.preChatFields.includes(x)),
      required: PRECHAT_FIELDS.filter(
        (x) => f.preChatFields.includes(x) && f.preChatRequired.includes(x),
      ),
    },
    allowedDomains: [
      ...new Set(
        f.domains
          .split(/[\s,]+/)
          .map((d) => d.trim().toLowerCase())
          .filter(Boolean),
      ),
    ],
    bot: { mode: f.botMode },
    requireIdentityVerification: f.verify,
  };
}

/** Black or white text, whichever reads better on the brand colour (WCAG relative luminance). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#ffffff';
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const L =
    0.2126 * lin(parseInt(m[1], 16)) +
    0.7152 * lin(parseInt(m[2], 16)) +
    0.0722 * lin(parseInt(m[3], 16));
  return 1.05 / (L + 0.05) >= (L + 0.05) / 0.05 ? '#ffffff' : '#000000';
}
