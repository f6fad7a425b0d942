/**
 * Canned responses over REST: list/search (agents), create/edit/delete (`canned.manage`), and render
 * one for a conversation (the composer calls it when an agent picks a reply).
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { listOf } from '../../../core/http/responses.ts';
import { Id, IdParams, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { assertVisible } from '../../../core/policies/visibility.ts';
import { CannedResponseSchema, RenderedCannedSchema } from '../../../../shared/dto.ts';
import {
  createCannedResponse,
  deleteCannedResponse,
  updateCannedResponse,
} from '../commands/canned.ts';
import { listCanned } from '../store/canned.ts';
import { renderFor } from '../store/render.ts';

const ShortCode = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and - only');
const Text = z.string().max(5_000).optional();
/** One text per language; an empty one means "none in this language"; at least one is needed. */
const Texts = z
  .strictObject({ 'zh-CN': Text, en: Text })
  .refine((t) => Object.values(t).some((v) => !!v?.trim()), {
    message: 'write the text in at least one language',
  });

const need = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('canned response');
  return id;
};

export const cannedRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/canned-responses',
    auth: 'user',
    summary: 'List or search canned responses (q: short code or text in any language)',
    tags: ['canned responses'],
    response: listOf(CannedResponseSchema),
    query: z.strictObject({ q: z.string().trim().max(100).optional() }),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'canned.read');
      return { data: await listCanned(services.database.db, actor.accountId, query.q) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/canned-responses',
    auth: 'user',
    summary: 'Create a canned response (a text per language)',
    tags: ['canned responses'],
    response: CannedResponseSchema,
    status: 201,
    body: z.strictObject({ shortCode: ShortCode, texts: Texts }),
    handler: async ({ actor, body, services }) =>
      execute(services, actor, createCannedResponse, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/canned-responses/:id',
    auth: 'user',
    summary: 'Edit a canned response (`texts` replaces the texts of every language)',
    tags: ['canned responses'],
    response: CannedResponseSchema,
    params: IdParams,
    body: z.strictObject({ shortCode: ShortCode.optional(), texts: Texts.optional() }),
    handler: async ({ actor, params, body, services }) =>
      execute(services, actor, updateCannedResponse, { id: need(params.id), ...body }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/canned-responses/:id',
    auth: 'user',
    summary: 'Delete a canned response',
    tags: ['canned responses'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      await execute(services, actor, deleteCannedResponse, { id: need(params.id) });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/canned-responses/render',
    auth: 'user',
    summary:
      "Render a canned response (or text) for a conversation: the customer's language, variables filled, the ones that cannot be listed",
    tags: ['canned responses'],
    response: RenderedCannedSchema,
    body: z
      .strictObject({
        conversationId: Id,
        cannedId: Id.optional(),
        content: z.string().max(5_000).optional(),
      })
      .refine((b) => !!b.cannedId !== (b.content != null), 'give cannedId or content'),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'canned.read');
      const db = services.database.db;
      await assertVisible(db, actor, body.conversationId);
      const r = await renderFor(db, {
        ...body,
        accountId: actor.accountId,
        agentId: actor.kind === 'user' ? actor.userId : null,
      });
      if (!r) throw notFound('canned response');
      return r;
    },
  }),
];
