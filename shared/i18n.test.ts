/**
 * The one i18n system: its functions, and every catalogue in the tree. A catalogue is a file named
 * `strings.ts` (or `<name>.strings.ts`) under web/ or server/ that exports `catalogue`; the suite
 * finds them all, so a new feature's strings are checked without registering anything here.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type Catalogue,
  catalogueProblems,
  defineCatalogue,
  format,
  mergeCatalogues,
  normalizeLocale,
  pickLocale,
  translate,
  translator,
} from './i18n.ts';

const ROOT = join(import.meta.dirname, '..');

function catalogueFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) catalogueFiles(p, out);
    else if (e.name === 'strings.ts' || e.name.endsWith('.strings.ts')) out.push(p);
  }
  return out;
}

describe('i18n functions', () => {
  const cat = defineCatalogue({
    'zh-CN': { hello: '你好，{name}', stars: '{count} 星', only: '仅中文' },
    en: { hello: 'Hello, {name}', stars: '{count} stars', stars_one: '{count} star', only: 'Only' },
  });

  it('translates with placeholders, English fallback, then the key', () => {
    expect(translate(cat, 'zh-CN', 'hello', { name: '小王' })).toBe('你好，小王');
    expect(translate(cat, 'en', 'hello', { name: 'Ann' })).toBe('Hello, Ann');
    const partial: Catalogue = { 'zh-CN': {}, en: { x: 'X' } };
    expect(translate(partial, 'zh-CN', 'x')).toBe('X');
    expect(translate(partial, 'zh-CN', 'missing.key')).toBe('missing.key');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('chooses the _one form for a count of 1 where the language has it', () => {
    const t = translator(cat, 'en');
    expect(t('stars', { count: 1 })).toBe('1 star');
    expect(t('stars', { count: 2 })).toBe('2 stars');
    expect(t('stars', { count: 0 })).toBe('0 stars');
    expect(translator(cat, 'zh-CN')('stars', { count: 1 })).toBe('1 星');
  });

  it('normalises and picks locales', () => {
    expect(normalizeLocale('zh-TW')).toBe('zh-CN');
    expect(normalizeLocale('zh_CN')).toBe('zh-CN');
    expect(normalizeLocale('en-GB')).toBe('en');
    expect(normalizeLocale('fr')).toBeNull();
    expect(normalizeLocale('zhx')).toBeNull();
    expect(pickLocale('zh-CN', null, 'fr-FR', 'en-US')).toBe('en');
    expect(pickLocale('zh-CN', undefined, 'de')).toBe('zh-CN');
  });

  it('merges catalogues, later keys winning', () => {
    const m = mergeCatalogues(cat, { 'zh-CN': { only: '覆盖' }, en: { only: 'Over' } });
    expect(m['zh-CN'].only).toBe('覆盖');
    expect(m.en.hello).toBe('Hello, {name}');
  });

  it('finds every kind of catalogue problem', () => {
    const bad: Catalogue = {
      'zh-CN': { a: '甲', b: '', c: '{n} 个', d: 'agent_at_capacity', e: 'e' },
      en: { a: 'A', b: 'B', c: '{count} items', d: 'Busy', e: 'E', f: 'F', f_one: 'F {x}' },
    };
    const problems = catalogueProblems(bad, 'bad');
    expect(problems).toEqual(
      expect.arrayContaining([
        'bad: "f" has no Chinese text',
        'bad: "f_one" has no Chinese text',
        'bad: zh-CN "b" is empty',
        'bad: zh-CN "d" reads like an internal code: "agent_at_capacity"',
        'bad: zh-CN "e" reads like an internal code: "e"',
        'bad: "c" placeholders differ: zh {n} en {count}',
        'bad: "f_one" placeholders differ from "f"',
      ]),
    );
    expect(problems).toHaveLength(7);
    expect(catalogueProblems(cat)).toEqual([]);
  });
});

describe('every catalogue in the tree', async () => {
  const files = [
    ...catalogueFiles(join(ROOT, 'web')),
    ...catalogueFiles(join(ROOT, 'server')),
  ].sort();

  it('is found (console, widget and help center all have theirs)', () => {
    const rel = files.map((f) => relative(ROOT, f));
    expect(rel.length).toBeGreaterThanOrEqual(3);
    expect(rel.some((f) => f.startsWith('web/console/'))).toBe(true);
    expect(rel.some((f) => f.startsWith('web/widget/'))).toBe(true);
    expect(rel.some((f) => f.startsWith('server/features/kb/'))).toBe(true);
  });

  for (const file of files) {
    it(`${relative(ROOT, file)}: same keys and placeholders in zh-CN and en, no internal codes`, async () => {
      const mod = (await import(pathToFileURL(file).href)) as { catalogue?: Catalogue };
      expect(mod.catalogue, 'a strings.ts exports `catalogue`').toBeDefined();
      expect(catalogueProblems(mod.catalogue!, relative(ROOT, file))).toEqual([]);
    });
  }
});
