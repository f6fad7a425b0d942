/**
 * Event processors of the AI feature (job mode: never on the request path):
 * - ai-analyze (message.created, incoming customer text): analysis in the worker pool → stored →
 *   `message.analyzed`. A failure or timeout is counted and the bot still runs on cheap rules.
 * - ai-bot (message.analyzed): the bot turn / escalation for that message.
 */
import { parseJson } from '../../core/presenters/index.ts';
import { execute } from '../../core/commands/context.ts';
import { prepared } from '../../core/db/prepared.ts';
import type { DomainEvent } from '../../core/events/catalog.ts';
import type { Processor } from '../../core/events/dispatcher.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { detectHumanRequest, detectLanguage } from '../../nlp/index.ts';
import { AnalysisOverload, AnalysisTimeout, analyzeText } from './workers/analyzer.ts';
import { runBotTurn, type BotDeps } from './commands/bot-turn.ts';
import { aiMetrics } from './metrics.ts';
import { recordAnalysis } from './commands/record-analysis.ts';

export interface AiProcessorOptions {
  timeoutMs?: number;
}

export function analyzeProcessor(deps: BotDeps, opts: AiProcessorOptions = {}): Processor {
  return {
    name: 'ai-analyze',
    mode: 'job',
    // Several messages in analysis at once: the worker pool stays busy while stores wait for a commit.
    concurrency: 16,
    handles: ['message.created'],
    async handle(event: DomainEvent) {
      const { message, conversation } = (event as DomainEvent<'message.created'>).payload;
      if (
        message.type !== 'incoming' ||
        message.sender.type !== 'contact' ||
        !message.content.trim()
      )
        return;
      // A redelivered event is analysed again but stored once (recordAnalysis inserts on conflict do nothing).
      const started = performance.now();
      let analysis: Awaited<ReturnType<typeof analyzeText>>;
      try {
        analysis = await analyzeText(message.content, { timeoutMs: opts.timeoutMs });
        aiMetrics.analyses.inc();
        aiMetrics.analyzeSeconds.observe((performance.now() - started) / 1000);
      } catch (err) {
        const stage =
          err instanceof AnalysisTimeout
            ? 'timeout'
            : err instanceof AnalysisOverload
              ? 'overload'
              : 'error';
        aiMetrics.failures.inc({ stage });
        // Only ids are logged: message text may hold PII.
        deps.log?.warn(
          {
            stage,
            messageId: message.id,
            conversationId: conversation.id,
            error: (err as Error).name,
          },
          'message analysis failed',
        );
        await runBotTurn(deps, {
          accountId: event.accountId,
          conversationId: conversation.id,
          messageId: message.id,
          question: message.content,
          language: detectLanguage(message.content).language,
          analysis: { humanRequest: detectHumanRequest(message.content) },
          trajectory: null,
        });
        return;
      }
      await execute(deps, systemActor(event.accountId, 'ai'), recordAnalysis, {
        messageId: message.id,
        conversationId: conversation.id,
        contactId: conversation.contactId,
        inboxId: conversation.inboxId,
        seq: message.seq,
        analysis,
      });
    },
  };
}

const messageContent = prepared((db, p: { accountId: string; id: string }) =>
  db
    .selectFrom('messages')
    .select(['content', 'content_attributes'])
    .where('account_id', '=', p.accountId)
    .where('id', '=', p.id),
);

/** Mail a machine sent (auto-replies, bounces, lists: RFC 3834) is never answered automatically. */
const noAutoReply = (attributes: string) =>
  attributes.includes('"noAutoReply":true') &&
  parseJson<{ noAutoReply?: unknown }>(attributes, {}).noAutoReply === true;

export function botProcessor(deps: BotDeps): Processor {
  return {
    name: 'ai-bot',
    mode: 'job',
    handles: ['message.analyzed'],
    async handle(event: DomainEvent) {
      const p = (event as DomainEvent<'message.analyzed'>).payload;
      const db = deps.database.db;
      const msg = await messageContent.first(db, { accountId: event.accountId, id: p.messageId });
      if (!msg || noAutoReply(msg.content_attributes)) return;
      const anger =
        p.anger ??
        Number(
          (
            await db
              .selectFrom('conversation_ai')
              .select('anger')
              .where('conversation_id', '=', p.conversationId)
              .executeTakeFirst()
          )?.anger ?? 0,
        );
      await runBotTurn(deps, {
        accountId: event.accountId,
        conversationId: p.conversationId,
        messageId: p.messageId,
        question: msg.content,
        language: p.language,
        analysis: {
          emotion: p.emotion,
          sentiment: p.sentiment,
          intent: p.intent,
          humanRequest: { detected: p.humanRequest },
        },
        trajectory: { trend: p.trend, anger },
      });
    },
  };
}
