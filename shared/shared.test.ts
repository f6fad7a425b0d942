/**
 * shared/ is the one source of the shapes the server presents and the clients read. This checks the
 * boundaries around it over import specifiers (type-only imports count too):
 *  - shared/ is isomorphic: it imports nothing under server/ or web/, and no node: / Node built-in module;
 *  - no file under web/ (console, widget) imports anything under server/, except browser test files
 *    (`*.browser.test.ts`) and their harness modules (`*.browser-harness.ts`), which start a server
 *    through server/test/;
 * and that the error codes the server throws are the ones listed in shared/errors.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from './errors.ts';
import { MESSAGE_KINDS, widgetSnippet } from './contracts.ts';

const ROOT = join(import.meta.dirname, '..');

interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

// `from '…'`, `import '…'`, `import('…')`, `export … from '…'`, `require('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
const NODE_BUILTINS = new Set([
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'vm',
  'worker_threads',
  'zlib',
]);

/** Import specifiers of a source; comment lines (`//`, `/*`, ` * …`) are skipped, they often name paths. */
export function specifiersOf(source: string): string[] {
  const code = source
    .split('\n')
    .filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l))
    .join('\n');
  return [...code.matchAll(SPECIFIER)].map((m) => m[2]!);
}

/** A relative specifier of `file` (posix repository path) as a repository path; null for a package. */
export function resolveSpecifier(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const parts = file.split('/').slice(0, -1);
  for (const seg of specifier.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') parts.push(seg);
    else if (parts.length) parts.pop();
    else return `../${specifier}`; // above the repository
  }
  return parts.join('/');
}

export function ruleBroken(file: string, specifier: string): string | null {
  const target = resolveSpecifier(file, specifier);
  const under = (dir: string) =>
    target !== null && (target === dir || target.startsWith(`${dir}/`));
  if (file.startsWith('shared/')) {
    // shared/'s own tests run in the Node suite only: they may read files
    if (
      !file.endsWith('.test.ts') &&
      (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier))
    )
      return 'shared/ is isomorphic: no node: modules';
    if (under('server')) return 'shared/ imports nothing from server/';
    if (under('web')) return 'shared/ imports nothing from the clients';
    if (target?.startsWith('../')) return 'shared/ imports nothing outside the repository';
  }
  // Browser suites and their harness modules (`*.browser-harness.ts`) start a server through server/test/.
  const browserTest = /\.browser(\.test|-harness)\.ts$/.test(file);
  if (file.startsWith('web/') && !browserTest && under('server'))
    return 'a client imports no server file (use shared/)';
  return null;
}

export function checkImports(files: Array<{ path: string; source: string }>): Violation[] {
  const out: Violation[] = [];
  for (const { path, source } of files) {
    for (const specifier of specifiersOf(source)) {
      const rule = ruleBroken(path, specifier);
      if (rule) out.push({ file: path, specifier, rule });
    }
  }
  return out;
}

function sources(
  dir: string,
  opts: { tests?: boolean } = {},
): Array<{ path: string; source: string }> {
  const out: Array<{ path: string; source: string }> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
        continue;
      }
      if (
        !/\.(ts|tsx|mts|js|mjs)$/.test(e.name) ||
        (opts.tests === false && /\.test\.tsx?$/.test(e.name))
      )
        continue;
      out.push({
        path: relative(ROOT, join(ROOT, p)).split(sep).join('/'),
        source: readFileSync(join(ROOT, p), 'utf8'),
      });
    }
  };
  walk(dir);
  return out;
}

describe('import boundaries', () => {
  it('shared/ (this test aside) imports nothing from server/, web/ or node:', () => {
    const files = sources('shared').filter((f) => f.path !== 'shared/shared.test.ts');
    expect(files.length).toBeGreaterThan(2);
    expect(checkImports(files)).toEqual([]);
  });

  it('no client file imports from server/ (browser tests may use the harness)', () => {
    const files = sources('web');
    expect(files.some((f) => f.path.startsWith('web/console/'))).toBe(true);
    expect(files.some((f) => f.path.startsWith('web/widget/'))).toBe(true);
    expect(checkImports(files)).toEqual([]);
  });

  it('catches each kind of violation (fixtures)', () => {
    const fixtures = [
      {
        path: 'web/console/src/pages/settings/InboxSettings.tsx',
        source: "import { widgetSnippet } from '../../../../../server/core/kit/contracts.ts';",
      },
      {
        path: 'web/widget/app/types.ts',
        source: "import type { MessageDTO } from '../../../server/core/presenters/types.ts';",
      },
      {
        path: 'web/console/src/lib/lazy.ts',
        source: "const m = await import('../../../../server/core/errors.ts');",
      },
      {
        path: 'web/widget/app/x.ts',
        source: 'export { iso } from "../../../server/core/presenters/index.ts";',
      },
      { path: 'shared/dto.ts', source: "import { Id } from '../server/core/http/schemas.ts';" },
      { path: 'shared/dto.ts', source: "import { randomUUID } from 'node:crypto';" },
      { path: 'shared/dto.ts', source: "import { join } from 'path';" },
      { path: 'shared/dto.ts', source: "import type { State } from '../web/widget/app/types.ts';" },
    ];
    const found = checkImports(fixtures);
    expect(found.map((v) => v.file)).toEqual(fixtures.map((f) => f.path));
    expect(found[0]).toMatchObject({
      specifier: '../../../../../server/core/kit/contracts.ts',
      rule: 'a client imports no server file (use shared/)',
    });
    expect(found[5]!.rule).toBe('shared/ is isomorphic: no node: modules');
  });

  it('lets through what is allowed', () => {
    expect(
      checkImports([
        {
          path: 'web/console/src/pages/settings/InboxSettings.tsx',
          source: "import { widgetSnippet } from '../../../../../shared/contracts.ts';",
        },
        {
          path: 'web/widget/widget.browser.test.ts',
          source: "import { testApp } from '../../server/test/test-app.ts';",
        },
        {
          path: 'web/console/src/x.ts',
          source:
            "/** mirrors server/core/presenters (see import x from '../../../server/y.ts') */\nimport { z } from 'zod';",
        },
        {
          path: 'shared/dto.ts',
          source: "import { z } from 'zod';\nimport type { QueueStatus } from './contracts.ts';",
        },
        { path: 'web/console/src/servers.ts', source: "import { x } from './server/a.ts';" }, // web/console/src/server/, not server/
      ]),
    ).toEqual([]);
  });
});

describe('error codes', () => {
  // Codes the server answers with: AppError(code, …), badInput/conflict(code, …), `error: { code: '…' }` bodies,
  // and named code constants (`export const X = 'snake_case'` used as a code).
  const THROWN =
    /\b(?:new AppError|AppError|conflict|badInput)\(\s*['"`]([a-z][a-z0-9_]*)['"`]|\berror: \{ code: '([a-z][a-z0-9_]*)'/g;

  it('every code the server throws is listed in shared/errors.ts', () => {
    const thrown = new Map<string, string>();
    for (const f of sources('server', { tests: false })) {
      for (const m of f.source.matchAll(THROWN)) thrown.set((m[1] ?? m[2])!, f.path);
    }
    expect(thrown.size).toBeGreaterThan(20);
    const unlisted = [...thrown]
      .filter(([code]) => !isErrorCode(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(unlisted).toEqual([]);
  });

  it('every listed code is still used by the server', () => {
    const all = sources('server', { tests: false })
      .map((f) => f.source)
      .join('\n');
    expect(ERROR_CODES.filter((code) => !all.includes(`'${code}'`))).toEqual([]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('contracts', () => {
  it('the widget snippet is one script tag', () => {
    expect(widgetSnippet('https://kefu.example.com', 'tok_1')).toBe(
      '<script async src="https://kefu.example.com/widget.js" data-kefu-inbox="tok_1"></script>',
    );
    expect(MESSAGE_KINDS).toContain('bot_answer');
  });
});
