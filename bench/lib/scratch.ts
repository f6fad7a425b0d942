/**
 * Scratch state of the PostgreSQL + Redis runs (bench/pg.bench.ts, scripts/ci-load.ts): one-off admin
 * connections (create / drop a schema) and the Redis keys of a schema's nodes (the BullMQ queue
 * `kefu-<schema>` and the `kefu:<schema>:` prefix), removed at the end.
 */
import { Redis } from 'ioredis';
import pg from 'pg';

/** Runs `fn` on a fresh connection to `url` and closes it. */
export async function pgAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Deletes the Redis keys of the nodes that ran on `schema`; resolves with how many. */
export async function dropSchemaKeys(redisUrl: string, schema: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  let removed = 0;
  try {
    for (const match of [`bull:kefu-${schema}:*`, `kefu:${schema}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        if (keys.length) removed += await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return removed;
}
