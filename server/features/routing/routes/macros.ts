/** Macros: named sequences of actions that agents run on a conversation. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { badInput, notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Id, IdParams } from '../../../core/http/schemas.ts';
import { newId } from '../../../core/lib/ids.ts';
import { authorize } from '../../../core/policies/can.ts';
import { assertVisible } from '../../../core/policies/visibility.ts';
import type { MacrosTable } from '../tables.ts';
import {
  type Action,
  ActionsSchema,
  redactActions,
  runActions,
  withStoredSecrets,
} from '../rules/actions.ts';
import { idOr404 } from './queue.ts';
import { routingResponses as R } from '../responses.ts';

const presentMacro = (m: MacrosTable) => ({
  id: m.id,
  name: m.name,
  actions: redactActions(JSON.parse(m.actions) as Action[]), // webhook secrets are write-only
  createdBy: m.created_by,
});

export const macroRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/macros',
    auth: 'user',
    summary: 'Macros',
    tags: ['automation'],
    response: R.Macros,
    handler: async ({ actor, services }) => {
      authorize(actor, 'canned.read');
      return {
        data: (
          await services.database.db
            .selectFrom('macros')
            .selectAll()
            .where('account_id', '=', actor.accountId)
            .orderBy('name')
            .execute()
        ).map(presentMacro),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/macros',
    auth: 'user',
    summary: 'Create a macro (named sequence of actions)',
    tags: ['automation'],
    response: R.Macro,
    status: 201,
    body: z.strictObject({ name: z.string().trim().min(1).max(100), actions: ActionsSchema }),
    handler: async ({ actor, body, services }) =>
      execute(
        services,
        actor,
        async (ctx) => {
          authorize(ctx.actor, 'canned.manage');
          const row: MacrosTable = {
            id: newId(ctx.now),
            account_id: ctx.accountId,
            name: body.name,
            actions: JSON.stringify(withStoredSecrets(body.actions, [])),
            created_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
            created_at: ctx.now,
            updated_at: ctx.now,
          };
          await ctx.tx.insertInto('macros').values(row).execute();
          return presentMacro(row);
        },
        null,
      ),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/macros/:id',
    auth: 'user',
    summary: 'Delete a macro',
    tags: ['automation'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) =>
      execute(
        services,
        actor,
        async (ctx) => {
          authorize(ctx.actor, 'canned.manage');
          const res = await ctx.tx
            .deleteFrom('macros')
            .where('account_id', '=', ctx.accountId)
            .where('id', '=', idOr404(params.id, 'macro'))
            .executeTakeFirst();
          if (!Number(res.numDeletedRows)) throw notFound('macro');
        },
        null,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/macros/:id/run',
    auth: 'user',
    summary: 'Run a macro on a conversation as me',
    tags: ['automation'],
    response: R.MacroRun,
    params: IdParams,
    body: z.strictObject({ conversationId: Id }),
    handler: async ({ actor, params, body, services }) =>
      execute(
        services,
        actor,
        async (ctx) => {
          authorize(ctx.actor, 'conversation.update');
          const m = await ctx.tx
            .selectFrom('macros')
            .selectAll()
            .where('account_id', '=', ctx.accountId)
            .where('id', '=', idOr404(params.id, 'macro'))
            .executeTakeFirst();
          if (!m) throw notFound('macro');
          await assertVisible(ctx.tx, ctx.actor, body.conversationId);
          const actions = JSON.parse(m.actions);
          if (actions.some((a: { type: string }) => a.type === 'webhook'))
            throw badInput('webhook_in_macro', 'Macros cannot send webhooks.');
          const r = await runActions(ctx, body.conversationId, actions, { macroId: m.id });
          return { actions: r.done };
        },
        null,
      ),
  }),
];
