/** Programmatic Vite build of the agent console into outDir (served by server/web at /app/). */
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build as viteBuild } from 'vite';

export async function build(outDir: string): Promise<void> {
  // Vitest sets NODE_ENV=test, which would give React's development build: force production while building.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  // build beside the target and swap it in, so a server serving outDir never sees a half-written bundle
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await buildOnce(tmp);
    const old = `${outDir}.old-${process.pid}-${Date.now()}`;
    await rename(outDir, old).catch(() => {});
    await rename(tmp, outDir);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

async function buildOnce(outDir: string): Promise<void> {
  await viteBuild({
    root: import.meta.dirname,
    base: '/app/',
    configFile: false,
    mode: 'production',
    envFile: false,
    logLevel: 'warn',
    publicDir: false,
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      assetsInlineLimit: 0,
      rollupOptions: { input: join(import.meta.dirname, 'index.html') },
    },
  });
}
