/** The widget's download links: batched, renewed while shown, asked again after a failed load. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttachmentLinks, type FetchLinks } from './links.ts';

let clock = 0;
let calls: string[][] = [];
let serial = 0;
let refuse = new Set<string>();
let down = false;

const fetchLinks: FetchLinks = async (ids) => {
  calls.push(ids);
  if (down) throw new Error('offline');
  return {
    links: ids.filter((id) => !refuse.has(id)).map((id) => ({ id, url: `/f/${id}?n=${++serial}` })),
    expiresIn: 300,
  };
};
/** Lets the batched request and its answer run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
const advance = async (ms: number) => {
  clock += ms;
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
};

beforeEach(() => {
  vi.useFakeTimers();
  clock = 1_000_000;
  calls = [];
  serial = 0;
  refuse = new Set();
  down = false;
});
afterEach(() => {
  vi.useRealTimers();
});

const links = () => new AttachmentLinks(fetchLinks, () => clock);

describe('attachment links', () => {
  it('asks once for the files shown together, and tells the views', async () => {
    const l = links();
    const seen = vi.fn();
    l.subscribe(seen);
    l.show('a');
    l.show('b');
    l.show('a');
    expect(l.url('a')).toBeNull();
    await settle();
    expect(calls).toEqual([['a', 'b']]);
    expect(l.url('a')).toBe('/f/a?n=1');
    expect(l.url('b')).toBe('/f/b?n=2');
    expect(seen).toHaveBeenCalled();
  });

  it('renews the links on screen before they expire, and stops once they are released', async () => {
    const l = links();
    const release = l.show('a');
    await settle();
    await advance(239_000);
    expect(calls).toHaveLength(1);
    await advance(2_000); // 80% of 300 s
    expect(calls).toEqual([['a'], ['a']]);
    expect(l.url('a')).toBe('/f/a?n=2');
    release();
    await advance(600_000);
    expect(calls).toHaveLength(2);
    // an expired link is never handed out; showing the file again asks for a new one
    expect(l.url('a')).toBeNull();
    l.show('a');
    await settle();
    expect(l.url('a')).toBe('/f/a?n=3');
  });

  it('a link that failed to load is replaced, a few times at most', async () => {
    const l = links();
    l.show('a');
    await settle();
    l.failed('a', '/f/a?n=1');
    l.failed('a', '/f/a?n=1'); // the same failure twice asks once
    await settle();
    expect(calls).toEqual([['a'], ['a']]);
    expect(l.url('a')).toBe('/f/a?n=2');
    l.failed('a', 'a-stale-url'); // not the current link: ignored
    for (const n of [2, 3, 4, 5]) {
      l.failed('a', `/f/a?n=${n}`);
      await settle();
    }
    expect(calls).toHaveLength(4);
  });

  it('files the server gives no link for are not asked again; a failed request is retried', async () => {
    refuse = new Set(['x']);
    down = true;
    const l = links();
    l.show('x');
    l.show('a');
    await settle();
    expect(l.url('a')).toBeNull();
    down = false;
    await advance(10_000);
    expect(calls).toEqual([
      ['x', 'a'],
      ['x', 'a'],
    ]);
    expect(l.url('a')).toBe('/f/a?n=1');
    expect(l.url('x')).toBeNull();
    l.show('x');
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('while the network is down a renewal is retried every 10 s, not in a loop', async () => {
    const l = links();
    l.show('a');
    await settle();
    down = true;
    await advance(241_000); // the renewal is due and fails
    expect(calls).toHaveLength(2);
    await advance(9_000);
    expect(calls).toHaveLength(2);
    await advance(1_000);
    expect(calls).toHaveLength(3);
  });

  it('when the network is back, a picture that failed to load gets a fresh link at once', async () => {
    const l = links();
    l.show('a');
    await settle();
    down = true;
    l.failed('a', '/f/a?n=1'); // the picture did not load while offline; the new link cannot be asked
    await settle();
    expect(calls).toEqual([['a'], ['a']]);
    expect(l.url('a')).toBeNull();
    down = false;
    l.online();
    await settle();
    expect(calls).toEqual([['a'], ['a'], ['a']]);
    expect(l.url('a')).toBe('/f/a?n=2');
    // a link still good and not broken is not asked again
    l.online();
    await settle();
    expect(calls).toHaveLength(3);
  });

  it('a picture still shown with a good link that failed to load is renewed when the network is back', async () => {
    const l = links();
    l.show('a');
    await settle();
    for (const n of [1, 2, 3, 4]) {
      l.failed('a', `/f/a?n=${n}`);
      await settle();
    }
    expect(calls).toHaveLength(4); // MAX_FAILURES: the last failure is not followed by a request
    l.online(); // the failures came from the network: it is back, so one more try
    await settle();
    expect(calls).toHaveLength(5);
    expect(l.url('a')).toBe('/f/a?n=5');
  });

  it('clear() forgets the links, and an answer for the previous visitor is dropped', async () => {
    const l = links();
    l.show('a');
    await Promise.resolve(); // the request is on its way
    expect(calls).toEqual([['a']]);
    l.clear();
    await settle();
    expect(l.url('a')).toBeNull();
    l.show('a');
    await settle();
    expect(l.url('a')).toBe('/f/a?n=2');
  });
});
