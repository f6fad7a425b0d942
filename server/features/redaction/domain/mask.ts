/**
 * The typed mask that replaces a detection, in the customer's language: a message with Chinese
 * characters gets `[已隐藏:银行卡 622202******0128]`, one with Latin letters and no Chinese gets
 * `[REDACTED:CARD …]`, anything else (digits only) the account's language. Cards keep their first 6
 * and last 4 digits; nothing else keeps anything.
 */
import { normalizeLocale, type Locale } from '../../../../shared/i18n.ts';
import { keptPart, type Detection } from '../../../nlp/pii/detect.ts';
import { tr } from '../strings.ts';

const HAN = /[\u3400-\u9fff]/;
const LATIN = /[A-Za-z]/;

export function maskLocale(text: string, accountLocale: string | null | undefined): Locale {
  if (HAN.test(text)) return 'zh-CN';
  if (LATIN.test(text)) return 'en';
  return normalizeLocale(accountLocale) ?? 'zh-CN';
}

export function masker(locale: Locale): (d: Detection) => string {
  const t = tr(locale);
  return (d) => {
    const type = t(`redaction.type.${d.type}`);
    const kept = keptPart(d);
    return kept ? t('redaction.maskKept', { type, kept }) : t('redaction.mask', { type });
  };
}
