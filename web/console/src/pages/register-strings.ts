/** Registers the strings of the settings, supervisor, contacts and profile pages (once, lazily). */
import { mergeCatalogues } from '../../../../shared/i18n.ts';
import { addMessages } from '../lib/i18n.ts';
import { catalogue as contacts } from './contacts/contacts.strings.ts';
import { catalogue as profile } from './profile/profile.strings.ts';
import { catalogue as common } from './settings/common.strings.ts';
import { catalogue as settings } from './settings/settings.strings.ts';
import { catalogue as supervisor } from './supervisor/supervisor.strings.ts';

const pages = mergeCatalogues(common, settings, supervisor, contacts, profile);

let registered = false;
/** Call from every lazy page module of console part B (idempotent). */
export function registerStrings(): void {
  if (registered) return;
  registered = true;
  addMessages(pages);
}
export const stringKeys = { zh: Object.keys(pages['zh-CN']), en: Object.keys(pages.en) };
