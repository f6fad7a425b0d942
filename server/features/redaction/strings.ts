/**
 * What the redaction feature says to people (shared/i18n.ts): the masks that replace what it hides
 * (`[已隐藏:银行卡]` / `[REDACTED:CARD]`), and the texts of its error codes.
 */
import { defineCatalogue, translator, type Locale } from '../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'redaction.mask': '[已隐藏:{type}]',
    'redaction.maskKept': '[已隐藏:{type} {kept}]',
    'redaction.type.card': '银行卡',
    'redaction.type.id_number': '身份证号',
    'redaction.type.phone': '电话',
    'redaction.type.email': '邮箱',
    'redaction.type.iban': '银行账号',
    'redaction.type.secret': '密钥',
    'redaction.error.redaction_no_original': '这条消息没有保存加密原文，无法查看。',
    'redaction.error.redaction_run_active': '已有一个脱敏任务正在运行，请等它完成。',
  },
  en: {
    'redaction.mask': '[REDACTED:{type}]',
    'redaction.maskKept': '[REDACTED:{type} {kept}]',
    'redaction.type.card': 'CARD',
    'redaction.type.id_number': 'ID_NUMBER',
    'redaction.type.phone': 'PHONE',
    'redaction.type.email': 'EMAIL',
    'redaction.type.iban': 'IBAN',
    'redaction.type.secret': 'SECRET',
    'redaction.error.redaction_no_original':
      'No encrypted original was kept for this message, so it cannot be revealed.',
    'redaction.error.redaction_run_active':
      'A redaction run is already in progress. Wait until it has finished.',
  },
});

export const tr = (locale: Locale) => translator(catalogue, locale);
