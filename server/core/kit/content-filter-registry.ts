/**
 * Filters a customer message passes through before it is stored (`receiveMessage`, the one path of
 * every channel's incoming messages): the redaction feature registers one that masks card numbers,
 * ID numbers and secrets, so the original never reaches the messages table, the events (webhooks,
 * AI workers, the console) or the logs. A filter returns null to leave the message alone, or the
 * content and attributes to store instead; `afterStore` runs in the same transaction once the
 * message row exists (e.g. to keep an encrypted original keyed by the message id).
 *
 * Filters run in registration order, each on the previous one's output. They run on the message
 * path: a filter must answer at once for text it has nothing to do with (a cheap pre-check first).
 * Registering again under the same name replaces the filter (a server built twice in one process).
 */
import type { CommandContext } from '../commands/context.ts';
import type { Message } from '../db/types.ts';

export interface ContentFilterInput {
  inboxId: string;
  contactId: string;
  content: string;
  attributes?: Record<string, unknown>;
}

export interface ContentFilterResult {
  content: string;
  attributes?: Record<string, unknown>;
  afterStore?: (ctx: CommandContext, message: Message) => Promise<void>;
}

export type ContentFilter = (
  ctx: CommandContext,
  input: ContentFilterInput,
) => Promise<ContentFilterResult | null> | ContentFilterResult | null;

const filters = new Map<string, ContentFilter>();

export function registerContentFilter(name: string, filter: ContentFilter): void {
  filters.set(name, filter);
}

export function unregisterContentFilter(name: string): void {
  filters.delete(name);
}

export interface FilteredContent {
  content: string;
  attributes?: Record<string, unknown>;
  afterStore: Array<(ctx: CommandContext, message: Message) => Promise<void>>;
}

/** The message as it is to be stored, after every registered filter. */
export async function filterIncomingContent(
  ctx: CommandContext,
  input: ContentFilterInput,
): Promise<FilteredContent> {
  let current: FilteredContent = {
    content: input.content,
    attributes: input.attributes,
    afterStore: [],
  };
  for (const filter of filters.values()) {
    const r = await filter(ctx, { ...input, ...current });
    if (!r) continue;
    current = {
      content: r.content,
      attributes: r.attributes ?? current.attributes,
      afterStore: r.afterStore ? [...current.afterStore, r.afterStore] : current.afterStore,
    };
  }
  return current;
}
