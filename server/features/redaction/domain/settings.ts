/**
 * An account's redaction settings: per type off | mask (default: cards, ID numbers, IBANs and
 * secrets masked, phones and emails kept), where masked phones and emails go (the contact's
 * identities by default; the message attributes only when listed), whether an encrypted original
 * is kept (off by default) and which roles may reveal it.
 */
import { z } from 'zod';
import type { Role } from '../../../core/db/types.ts';
import type { RedactType } from '../../../nlp/pii/detect.ts';

export const Mode = z.enum(['off', 'mask']);
const Roles = z.enum(['owner', 'admin', 'supervisor', 'agent']);

export const RedactionSettingsSchema = z.strictObject({
  types: z.strictObject({
    card: Mode,
    id_number: Mode,
    phone: Mode,
    email: Mode,
    iban: Mode,
    secret: Mode,
  }),
  /** Masked phones and emails are added to the contact's identities (a workflow finds them there). */
  identities: z.boolean(),
  /** Masked values of these types kept in the message's attributes (`extracted`); never cards, IDs or secrets. */
  attributeFields: z.array(z.enum(['phone', 'email'])).max(2),
  /** Keep the original, encrypted, so that people with a reveal role can read it. */
  keepOriginal: z.boolean(),
  revealRoles: z.array(Roles).max(4),
});
export type RedactionSettings = z.infer<typeof RedactionSettingsSchema>;

export const DEFAULT_SETTINGS: RedactionSettings = {
  types: {
    card: 'mask',
    id_number: 'mask',
    phone: 'off',
    email: 'off',
    iban: 'mask',
    secret: 'mask',
  },
  identities: true,
  attributeFields: [],
  keepOriginal: false,
  revealRoles: ['owner', 'admin'],
};

/** Stored JSON over the defaults (a setting added later takes its default). */
export function settingsFrom(stored: string | null | undefined): RedactionSettings {
  if (!stored) return DEFAULT_SETTINGS;
  try {
    const raw = JSON.parse(stored) as Partial<RedactionSettings>;
    const merged = {
      ...DEFAULT_SETTINGS,
      ...raw,
      types: { ...DEFAULT_SETTINGS.types, ...(raw.types ?? {}) },
    };
    const ok = RedactionSettingsSchema.safeParse(merged);
    return ok.success ? ok.data : DEFAULT_SETTINGS;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** The types the account masks. */
export function maskedTypes(s: RedactionSettings): Set<RedactType> {
  return new Set(
    (Object.entries(s.types) as Array<[RedactType, 'off' | 'mask']>)
      .filter(([, m]) => m === 'mask')
      .map(([t]) => t),
  );
}

export const mayReveal = (s: RedactionSettings, role: Role) => s.revealRoles.includes(role);
