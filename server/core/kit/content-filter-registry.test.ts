import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../commands/context.ts';
import type { Message } from '../db/types.ts';
import {
  filterIncomingContent,
  registerContentFilter,
  unregisterContentFilter,
} from './content-filter-registry.ts';

const ctx = { accountId: 'a1' } as CommandContext;
const input = { inboxId: 'i1', contactId: 'c1', content: 'card 1234', attributes: { k: 1 } };

afterEach(() => {
  for (const n of ['upper', 'mark', 'none', 'swap']) unregisterContentFilter(n);
});

describe('content filters', () => {
  it('no filter: the message as given, nothing to run after the insert', async () => {
    expect(await filterIncomingContent(ctx, input)).toEqual({
      content: 'card 1234',
      attributes: { k: 1 },
      afterStore: [],
    });
  });

  it('run in order, each on the previous output; null leaves the message alone; afterStore collected', async () => {
    const stored: string[] = [];
    registerContentFilter('upper', (_c, i) => ({
      content: i.content.toUpperCase(),
      afterStore: async (_x, m) => {
        stored.push(`upper:${m.id}`);
      },
    }));
    registerContentFilter('none', () => null);
    registerContentFilter('mark', async (_c, i) => ({
      content: `${i.content}!`,
      attributes: { ...i.attributes, marked: true },
    }));
    const r = await filterIncomingContent(ctx, input);
    expect(r.content).toBe('CARD 1234!');
    expect(r.attributes).toEqual({ k: 1, marked: true });
    expect(r.afterStore).toHaveLength(1);
    await r.afterStore[0](ctx, { id: 'm1' } as Message);
    expect(stored).toEqual(['upper:m1']);
  });

  it('registering again under a name replaces the filter', async () => {
    registerContentFilter('swap', () => ({ content: 'one' }));
    registerContentFilter('swap', () => ({ content: 'two' }));
    expect((await filterIncomingContent(ctx, input)).content).toBe('two');
  });
});
