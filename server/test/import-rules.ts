/**
 * The layout's dependency rules, checked over import specifiers (docs/ARCHITECTURE.md, "Layout"):
 *  - core imports no feature (nor the feature list, main.ts or the CLI);
 *  - a feature imports no other feature: features meet through the core's kit (registries, contracts)
 *    and events;
 *  - the NLP engine (server/nlp) imports nothing of the server but itself.
 * Type-only imports count too: a core that names a feature's types depends on it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/g;

/** Relative import targets of one source file, as repository paths. */
export function importsOf(file: string, source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(SPECIFIER))
    out.push(
      normalize(join(dirname(file), m[2]))
        .split(sep)
        .join('/'),
    );
  return out;
}

const featureOf = (path: string) => /^server\/features\/([^/]+)\//.exec(path)?.[1] ?? null;

/** The rule a dependency from `file` to `target` breaks, or null. Paths are relative to the repository. */
export function ruleBroken(file: string, target: string): string | null {
  if (file.startsWith('server/core/')) {
    if (
      target.startsWith('server/features/') ||
      target === 'server/features.ts' ||
      target === 'server/main.ts' ||
      target.startsWith('server/cli/')
    ) {
      return 'core imports no feature';
    }
  }
  const from = featureOf(file);
  const to = featureOf(target);
  if (from && to && from !== to)
    return 'a feature imports no other feature (meet through core/kit)';
  if (
    file.startsWith('server/nlp/') &&
    target.startsWith('server/') &&
    !target.startsWith('server/nlp/')
  )
    return 'the NLP engine imports nothing of the server';
  return null;
}

export function check(files: Array<{ path: string; source: string }>): Violation[] {
  const out: Violation[] = [];
  for (const { path, source } of files) {
    for (const target of importsOf(path, source)) {
      const rule = ruleBroken(path, target);
      if (rule) out.push({ file: path, imports: target, rule });
    }
  }
  return out;
}

/** Every TypeScript source under `dir` (tests included), relative to `root`. */
export function sources(root: string, dir = 'server'): Array<{ path: string; source: string }> {
  const out: Array<{ path: string; source: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(root, d))) {
      const p = join(d, name);
      if (statSync(join(root, p)).isDirectory()) {
        if (name !== 'node_modules') walk(p);
        continue;
      }
      if (/\.(ts|tsx)$/.test(name))
        out.push({
          path: relative(root, join(root, p)).split(sep).join('/'),
          source: readFileSync(join(root, p), 'utf8'),
        });
    }
  };
  walk(dir);
  return out;
}
