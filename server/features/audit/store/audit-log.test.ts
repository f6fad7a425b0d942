import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './audit-log.ts';

describe('cursors', () => {
  it('round-trips a cursor and refuses anything else', () => {
    const c = { at: 1736496000000, id: '01a24663-0f26-7000-92c2-4eaff4c7fc4d' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor('x.y.z')).toBeNull();
    expect(decodeCursor("1.'; drop table")).toBeNull();
  });
});
