/** Event processors of the knowledge base: help-center cache upkeep and the knowledge-gap loop. */
import type { DomainEvent } from '../../core/events/catalog.ts';
import type { Processor } from '../../core/events/dispatcher.ts';
import type { FeatureContext } from '../../core/kit/feature.ts';
import { KB_EVENT_TYPES } from './events.ts';
import { recordBotFeedback, recordBotReplied, serialized } from './gaps/record.ts';
import { invalidateHelpCenter } from './help/http.ts';

/** KB events that change what the help center shows. */
const PAGE_EVENTS = KB_EVENT_TYPES.filter(
  (t) => t !== 'kb.feedback_received' && t !== 'kb.gap_drafted',
);

export function helpCacheProcessor(): Processor {
  return {
    name: 'kb-help-cache',
    mode: 'inline',
    handles: PAGE_EVENTS,
    handle: (e) => invalidateHelpCenter(e.accountId),
  };
}

/** Unanswered questions and unhelpful bot answers become knowledge gaps (one account at a time). */
export function gapLoopProcessor({ services }: FeatureContext): Processor {
  const db = services.database.db;
  return {
    name: 'kb-gap-loop',
    mode: 'job',
    handles: ['bot.replied', 'bot.feedback'],
    handle: (e) =>
      serialized(e.accountId, () =>
        e.type === 'bot.replied'
          ? recordBotReplied(db, e as DomainEvent<'bot.replied'>)
          : recordBotFeedback(db, e as DomainEvent<'bot.feedback'>),
      ),
  };
}
