/**
 * Builds the chat widget into outDir (called by scripts/build-web.ts):
 *   loader.js                 the embeddable loader (no framework, IIFE)
 *   assets/app-<hash>.js|css  the iframe app (Preact)
 *   manifest.json             hashed file names and raw/gzip sizes (read by the server and bench)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';

const HERE = import.meta.dirname;

export interface WidgetManifest {
  app: { js: string; css: string };
  sizes: { loader: { raw: number; gzip: number }; app: { raw: number; gzip: number } };
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

export async function build(outDir: string): Promise<WidgetManifest> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    legalComments: 'none' as const,
    logLevel: 'silent' as const,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  await esbuild({
    ...common,
    entryPoints: [join(HERE, 'loader', 'loader.ts')],
    outfile: join(outDir, 'loader.js'),
    format: 'iife',
    target: ['es2018'],
  });
  const app = await esbuild({
    ...common,
    entryPoints: { app: join(HERE, 'app', 'main.tsx') },
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    format: 'esm',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  });
  const outputs = Object.keys(app.metafile!.outputs);
  const js = outputs.find((o) => o.endsWith('.js'));
  const css = outputs.find((o) => o.endsWith('.css'));
  if (!js || !css) throw new Error('widget build: missing app outputs');
  const loaderBuf = readFileSync(join(outDir, 'loader.js'));
  const appBufs = [readFileSync(js), readFileSync(css)];
  const manifest: WidgetManifest = {
    app: { js: basename(js), css: basename(css) },
    sizes: {
      loader: { raw: loaderBuf.length, gzip: gz(loaderBuf) },
      app: {
        raw: appBufs.reduce((n, b) => n + b.length, 0),
        gzip: appBufs.reduce((n, b) => n + gz(b), 0),
      },
    },
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}
