/** Vitest global setup for the widget's own browser-test config: build dist/web/widget. */
import { join } from 'node:path';
import { build } from './build.ts';

export default async function setup(): Promise<void> {
  await build(join(import.meta.dirname, '..', '..', 'dist', 'web', 'widget'));
}
