/** The account's redaction settings (admins): read, and change any part of them. */
import { z } from 'zod';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import { Mode, RedactionSettingsSchema } from '../domain/settings.ts';
import { loadRedaction, saveSettings } from '../store/settings.ts';

const SettingsChange = RedactionSettingsSchema.omit({ types: true })
  .partial()
  .extend({
    types: z
      .strictObject({
        card: Mode,
        id_number: Mode,
        phone: Mode,
        email: Mode,
        iban: Mode,
        secret: Mode,
      })
      .partial()
      .optional(),
  })
  .strict();

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/redaction/settings',
    auth: 'user',
    summary: 'The account’s PII redaction settings',
    tags: ['redaction'],
    response: RedactionSettingsSchema,
    handler: async ({ actor, services }) => {
      authorize(actor, 'account.manage');
      return (await loadRedaction(services.database.db, actor.accountId)).settings;
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/redaction/settings',
    auth: 'user',
    summary: 'Change the account’s PII redaction settings (the parts given; types one by one)',
    tags: ['redaction'],
    response: RedactionSettingsSchema,
    body: SettingsChange,
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'account.manage');
      const db = services.database.db;
      const current = (await loadRedaction(db, actor.accountId)).settings;
      const next = RedactionSettingsSchema.parse({
        ...current,
        ...body,
        types: { ...current.types, ...(body.types ?? {}) },
      });
      await saveSettings(db, actor.accountId, next, services.clock.now());
      return next;
    },
  }),
];
