import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './spawn-server.ts';
import { check, importsOf, sources } from './import-rules.ts';

describe('layout rules (core ← features ← main; features meet through core/kit)', () => {
  it('the tree keeps them', () => {
    const files = sources(REPO_ROOT, 'server');
    expect(files.length).toBeGreaterThan(100);
    expect(check(files)).toEqual([]);
  });

  it('the checker finds each kind of break (fixtures)', () => {
    const broken = check([
      { path: 'server/core/http/app.ts', source: "import { features } from '../../features.ts';" },
      {
        path: 'server/core/db/types.ts',
        source: "import type { AiTables } from '../../features/ai/tables.ts';",
      },
      {
        path: 'server/features/kb/source.ts',
        source: "import { search } from '../ai/runtime/knowledge.ts';",
      },
      {
        path: 'server/features/routing/x.test.ts',
        source: "const m = await import('../web-widget/routes/widget.ts');",
      },
      {
        path: 'server/nlp/retrieval/search.ts',
        source: "import { db } from '../../core/db/client.ts';",
      },
    ]);
    expect(broken.map((v) => [v.file, v.rule])).toEqual([
      ['server/core/http/app.ts', 'core imports no feature'],
      ['server/core/db/types.ts', 'core imports no feature'],
      [
        'server/features/kb/source.ts',
        'a feature imports no other feature (meet through core/kit)',
      ],
      [
        'server/features/routing/x.test.ts',
        'a feature imports no other feature (meet through core/kit)',
      ],
      ['server/nlp/retrieval/search.ts', 'the NLP engine imports nothing of the server'],
    ]);
  });

  it('allowed directions pass: features → core, kit, nlp; main → features; a feature inside itself', () => {
    expect(
      check([
        {
          path: 'server/features/kb/source.ts',
          source:
            "import { search } from '../../nlp/index.ts';\nimport type { Feature } from '../../core/kit/feature.ts';",
        },
        { path: 'server/main.ts', source: "import { features } from './features.ts';" },
        {
          path: 'server/features/routing/feature.ts',
          source: "import { outOfHours } from './availability.ts';",
        },
        { path: 'server/nlp/index.ts', source: "export { search } from './retrieval/search.ts';" },
      ]),
    ).toEqual([]);
    expect(importsOf('server/features/a/b.ts', "export * from '../../core/x.ts'")).toEqual([
      'server/core/x.ts',
    ]);
  });
});
