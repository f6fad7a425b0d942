/**
 * The AI feature in the product: message analysis and the bot as job processors, agent assist and
 * bot feedback routes, the optional LLM provider, and the demo inbox in bot mode.
 */
import type {} from './events.ts'; // the feature's events and tables merge into the core's types
import type {} from './tables.ts';
import { execute } from '../../core/commands/context.ts';
import { updateInbox } from '../../core/commands/accounts.ts';
import type { Feature } from '../../core/kit/feature.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { parseJson } from '../../core/presenters/index.ts';
import { analyzeProcessor, botProcessor } from './processors.ts';
import { assistRoutes } from './routes/assist.ts';
import { botTurnRoutes } from './routes/bot-turns.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { providerRoutes } from './routes/provider.ts';
import { textToolRoutes } from './routes/text-tools.ts';
import { prewarmAnalyzer, retainAnalyzer } from './workers/analyzer.ts';
import { closeRetrieval, prewarmRetrieval } from './workers/retrieval.ts';
import * as m020 from './migrations/020-ai.ts';
import { setAffectSource } from '../../core/kit/affect-registry.ts';
import { aiAffect } from './store/affect.ts';

setAffectSource(aiAffect); // routing ranks a conversation entering the queue by what was analysed while the bot had it

let running = 0;

export const aiFeature: Feature = {
  name: 'ai',
  migrations: { '020-ai': m020 },
  routes: [
    ...botTurnRoutes,
    ...assistRoutes,
    ...feedbackRoutes,
    ...providerRoutes,
    ...textToolRoutes,
  ],
  processors: ({ services }) => [analyzeProcessor(services), botProcessor(services)],
  start: ({ services }) => {
    const release = retainAnalyzer();
    // Servers that take traffic start the workers at once; test servers start them on first use.
    if (services.config.NODE_ENV === 'production' || services.config.SEED_DEMO) {
      prewarmAnalyzer();
      prewarmRetrieval();
    }
    running++;
    return async () => {
      await release();
      if (--running === 0) await closeRetrieval();
    };
  },
  async seedDemo(deps, demo) {
    const inbox = await deps.database.db
      .selectFrom('inboxes')
      .select('settings')
      .where('id', '=', demo.inboxId)
      .executeTakeFirstOrThrow();
    const bot = parseJson<{ bot?: Record<string, unknown> }>(inbox.settings, {}).bot ?? {};
    await execute(deps, systemActor(demo.accountId, 'seed'), updateInbox, {
      inboxId: demo.inboxId,
      settings: { bot: { ...bot, mode: 'on', demoKnowledge: true } },
    });
  },
};
