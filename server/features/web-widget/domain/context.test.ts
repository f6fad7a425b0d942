/** The page-context rules are the same in the loader/app (web/widget/app/context.ts) and the server (domain/context.ts); the console shows them safely. */
import { describe, expect, it } from 'vitest';
import { cleanContext, contextKey, contextLabel } from '../../../../web/widget/app/context.ts';
import {
  articlePath,
  contextOf,
  contextTitle,
  extraFields,
  safeUrl,
} from '../../../../web/console/src/features/widget/context.ts';
import { parseWidgetContext } from './context.ts';

const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
const cases: Array<[string, unknown, boolean]> = [
  ['article', { articleId: 'a1', title: '退款多久到账？' }, true],
  ['numbers', { productId: 'SKU-1', price: 299.5 }, true],
  ['10 keys', ten, true],
  ['500 chars', { title: 'x'.repeat(500) }, true],
  ['11 keys', { ...ten, k10: 1 }, false],
  ['501 chars', { title: 'x'.repeat(501) }, false],
  ['nested', { a: { b: 1 } }, false],
  ['array value', { a: [1] }, false],
  ['boolean', { a: true }, false],
  ['null value', { a: null }, false],
  ['Infinity', { a: Infinity }, false],
  ['bad key', { 'a-b': 1 }, false],
  ['underscore first', { _a: 1 }, false],
  ['empty', {}, false],
  ['array', ['a'], false],
  ['string', 'a', false],
];

describe('page context rules (widget app = server)', () => {
  it.each(cases)('%s', (_name, value, ok) => {
    expect(cleanContext(value) !== null).toBe(ok);
    let serverOk = true;
    try {
      parseWidgetContext(value);
    } catch (e) {
      serverOk = false;
      expect((e as { code: string; status: number }).code).toBe('invalid_context');
      expect((e as { status: number }).status).toBe(422);
    }
    expect(serverOk).toBe(ok);
  });

  it('labels and compares contexts', () => {
    expect(contextLabel({ articleId: 'a1', title: ' Returns ' })).toBe('Returns');
    expect(contextLabel({ url: 'https://shop.example/p/42?x=1' })).toBe('/p/42');
    expect(contextLabel({ productId: 'SKU-1' })).toBe('SKU-1');
    expect(contextKey({ a: 1, b: 'x' })).toBe(contextKey({ b: 'x', a: 1 }));
    expect(contextKey({ a: 1 })).not.toBe(contextKey({ a: '1' }));
  });
});

describe('console: showing a stored context', () => {
  const id = '0190f0a0-0000-7000-8000-000000000001';
  it('reads customAttributes.context, keeping only strings and numbers', () => {
    expect(contextOf({ context: { articleId: id, title: 'T', x: { y: 1 } } })).toEqual({
      articleId: id,
      title: 'T',
    });
    expect(contextOf({})).toBeNull();
    expect(contextOf(null)).toBeNull();
    expect(contextOf({ context: ['a'] })).toBeNull();
  });
  it('links the knowledge-base article only for a real id, and only http(s) URLs', () => {
    expect(articlePath({ articleId: id })).toBe(`/kb/articles/${id}`);
    expect(articlePath({ articleId: '../admin' })).toBeNull();
    expect(safeUrl({ url: 'javascript:alert(1)' })).toBeNull();
    expect(safeUrl({ url: 'https://help.example/a' })).toBe('https://help.example/a');
    expect(contextTitle({ articleId: id })).toBe(id);
    expect(
      extraFields({ articleId: id, title: 'T', url: 'https://x', locale: 'en', price: 3 }),
    ).toEqual([
      ['locale', 'en'],
      ['price', '3'],
    ]);
  });
});
