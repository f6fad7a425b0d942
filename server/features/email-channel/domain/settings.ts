/**
 * An email inbox's inbound settings, kept in `inboxes.settings.email` (beside what the outbound and
 * IMAP halves keep there): its address and aliases, whether senders are trusted without DKIM/DMARC,
 * and the optional subject + sender threading window (hours, 0: off).
 */
import { z } from 'zod';

const address = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/, 'an email address');

export const emailSettingsInput = z
  .object({
    address: address.nullable(),
    aliases: z.array(address).max(20),
    trustSenders: z.boolean(),
    subjectWindowHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30),
  })
  .partial()
  .strict();

export interface EmailSettings {
  address: string | null;
  aliases: string[];
  trustSenders: boolean;
  subjectWindowHours: number;
}

/** The stored settings; a field that does not read as valid takes its default (the others stay). */
export function emailSettingsOf(settings: Record<string, unknown>): EmailSettings {
  const e = (settings.email ?? {}) as Record<string, unknown>;
  const field = <K extends keyof EmailSettings>(key: K, fallback: EmailSettings[K]) => {
    const r = emailSettingsInput.shape[key].safeParse(e[key]);
    return r.success && r.data !== undefined ? (r.data as EmailSettings[K]) : fallback;
  };
  return {
    address: field('address', null),
    aliases: [...new Set(field('aliases', []))],
    trustSenders: field('trustSenders', false),
    subjectWindowHours: field('subjectWindowHours', 0),
  };
}

/** Every address that names this inbox (the address and its aliases). */
export function inboxAddresses(s: EmailSettings): string[] {
  return [...new Set([...(s.address ? [s.address] : []), ...s.aliases])];
}
