/**
 * Seeds a large Kefu SQLite database for the query benchmarks.
 * Usage: node --import tsx bench/seed-large.ts --db FILE [--conversations 100000] [--messages 1000000] [--seed 42]
 * Prints a JSON summary (ids of the account and agents) on stdout; progress on stderr.
 */
import { parseArgs } from 'node:util';
import { seedLarge } from './lib/seed.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    conversations: { type: 'string', default: '100000' },
    messages: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
  },
});
if (!values.db) {
  process.stderr.write(
    'usage: seed-large.ts --db FILE [--conversations N] [--messages M] [--seed S]\n',
  );
  process.exit(2);
}
const result = await seedLarge({
  file: values.db,
  conversations: Number(values.conversations),
  messages: Number(values.messages),
  seed: Number(values.seed),
  log: (m) => process.stderr.write(`${m}\n`),
});
process.stdout.write(`${JSON.stringify({ ...result, ms: Math.round(result.ms) })}\n`);
