/**
 * The content filter the feature registers with the core (core/kit/content-filter-registry.ts):
 * every customer message passes through it before it is stored. Text without a digit, an `@` or a
 * secret keyword returns at once (no settings read); otherwise the account's settings (cached) say
 * which types to mask. Masked phones and emails go to the contact's identities (setting
 * `identities`) and to the message attributes only when `attributeFields` lists them; cards, ID
 * numbers and secrets are never stored in clear. With `keepOriginal`, the original is sealed
 * (AES-256-GCM) into `redaction_originals` in the same transaction.
 */
import { addIdentity } from '../../../core/commands/contacts.ts';
import type { ContentFilter } from '../../../core/kit/content-filter-registry.ts';
import { type Detection, mayContainPii, redactText } from '../../../nlp/pii/detect.ts';
import { maskLocale, masker } from '../domain/mask.ts';
import { maskedTypes, type RedactionSettings } from '../domain/settings.ts';
import { keepOriginal } from '../store/originals.ts';
import { cachedRedaction } from '../store/settings.ts';

/** A phone or email as an identity value: phones without spaces and dashes, emails lower case. */
export function identityValue(d: Detection): string {
  return d.type === 'email' ? d.value.toLowerCase() : d.value.replace(/[\s()-]/g, '');
}

export function countByType(found: Detection[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of found) counts[d.type] = (counts[d.type] ?? 0) + 1;
  return counts;
}

function extractedFields(found: Detection[], s: RedactionSettings) {
  const out: Record<string, string[]> = {};
  for (const d of found)
    if ((d.type === 'phone' || d.type === 'email') && s.attributeFields.includes(d.type))
      (out[d.type] ??= []).push(identityValue(d));
  return Object.keys(out).length ? out : null;
}

export function redactionFilter(secret: string): ContentFilter {
  return async (ctx, input) => {
    if (!mayContainPii(input.content)) return null;
    const { settings, locale } = await cachedRedaction(ctx.tx, ctx.accountId);
    const types = maskedTypes(settings);
    if (!types.size) return null;
    const mask = masker(maskLocale(input.content, locale));
    const { text, found } = redactText(input.content, mask, types);
    if (!found.length) return null;
    const extracted = extractedFields(found, settings);
    const original = input.content;
    return {
      content: text,
      attributes: {
        ...(input.attributes ?? {}),
        redaction: { types: countByType(found), original: settings.keepOriginal },
        ...(extracted ? { extracted } : {}),
      },
      afterStore: async (c, message) => {
        if (settings.identities)
          for (const d of found)
            if (d.type === 'phone' || d.type === 'email')
              await addIdentity(c, input.contactId, d.type, identityValue(d));
        if (settings.keepOriginal)
          await keepOriginal(c.tx, secret, {
            accountId: c.accountId,
            messageId: message.id,
            content: original,
            now: c.now,
          });
      },
    };
  };
}
