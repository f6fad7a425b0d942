/** Why the bot said what it said in a conversation (agents). */
import { IdParams } from '../../../core/http/schemas.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import { botTurnsOf } from '../store/bot-turns.ts';
import { aiResponses } from '../responses.ts';
import { idOr404 } from './params.ts';

export const botTurnRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/bot-turns',
    auth: 'user',
    tags: ['ai'],
    response: aiResponses.BotTurns,
    params: IdParams,
    summary: 'Bot decisions in a conversation (candidates with scores, action, reason)',
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'conversation.read');
      return botTurnsOf(services.database.db, actor.accountId, idOr404(params.id, 'conversation'));
    },
  }),
];
