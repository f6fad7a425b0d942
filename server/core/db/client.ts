/** Database adapters: SQLite (better-sqlite3, WAL) or PostgreSQL (pg). Same Kysely interface. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import type { DB } from './types.ts';
import { GroupCommit } from './group-commit.ts';
import { startCheckpointer, type Checkpointer, type CheckpointOptions } from './checkpointer.ts';
import { sqlProfiler, type SqlProfileOptions, type StatementWrapper } from './sql-profile.ts';
import { LiteralLimitsPlugin } from './literal-limits.ts';
import { registerDirectSqlite } from './prepared.ts';
import type { Dialect } from './migrations/helpers.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The raw SQLite handle (for backup); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** SQLite only: gathers concurrent commands into one transaction (see group-commit.ts). */
  groupCommit: GroupCommit | null;
  /** SQLite file only: the background WAL checkpointer (its counters); null otherwise. */
  checkpointer: Checkpointer | null;
  /** Counts SQL statements executed (used by tests and benchmarks). */
  stats: { statements: number };
  close(): Promise<void>;
  ping(): Promise<void>;
}

export interface DatabaseOptions {
  kind: 'sqlite' | 'postgres';
  file?: string;
  url?: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  schema?: string;
  /** PostgreSQL pool and session limits (config.ts: PG_*). */
  pg?: PgLimits;
  /** SQLite: checkpointer tuning (tests). */
  checkpoint?: CheckpointOptions;
  /** SQLite: time every statement (development aid, see sql-profile.ts). */
  sqlProfile?: SqlProfileOptions;
}

export interface PgLimits {
  poolSize: number;
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}
export const DEFAULT_PG_LIMITS: PgLimits = {
  poolSize: 10,
  acquireTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 30_000,
};

pg.types.setTypeParser(20, (v) => Number(v)); // int8 → number (epoch ms and serial ids fit in 2^53)

export function openDatabase(opts: DatabaseOptions): Database {
  const stats = { statements: 0 };
  const log = () => {
    stats.statements++;
  };
  if (opts.kind === 'sqlite') return openSqlite(opts.file ?? ':memory:', stats, log, opts);
  return openPostgres(opts, stats, log);
}

function openSqlite(
  file: string,
  stats: Database['stats'],
  log: () => void,
  { checkpoint, sqlProfile }: DatabaseOptions,
): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // Checkpoints run in a worker thread (checkpointer.ts), not inside a user's COMMIT.
  const checkpointer = file === ':memory:' ? null : startCheckpointer(file, checkpoint);
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
  const db = new Kysely<DB>({
    dialect: new ImmediateSqliteDialect(
      { database: withStatementCache(sqlite, sqlProfile ? sqlProfiler(sqlProfile) : undefined) },
      log,
    ),
    log,
    plugins: [new LiteralLimitsPlugin()],
  });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    checkpointer,
    stats,
    groupCommit: new GroupCommit(db, {
      afterBatch: checkpointer ? () => checkpointer.pauseForReset() : undefined,
      inTransaction: () => sqlite.inTransaction,
    }),
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    },
    ping: async () => {
      sqlite.prepare('select 1').get();
    },
  };
}

function openPostgres(opts: DatabaseOptions, stats: Database['stats'], log: () => void): Database {
  const l = { ...DEFAULT_PG_LIMITS, ...opts.pg };
  // No wait without an end: a pool acquire, a lock, a statement and an idle transaction each time out
  // (db/pg-errors.ts turns that into 503 database_busy), so no deadlock can outlive its timeout.
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: l.poolSize,
    connectionTimeoutMillis: l.acquireTimeoutMs,
    statement_timeout: l.statementTimeoutMs,
    lock_timeout: l.lockTimeoutMs,
    idle_in_transaction_session_timeout: l.idleInTransactionTimeoutMs,
  });
  pool.on('error', () => {}); // an idle client's connection dropped: the pool replaces it
  if (opts.schema) {
    const schema = opts.schema;
    pool.on('connect', (client) => {
      client.query(`set search_path to "${schema}"`).catch(() => {});
    });
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    checkpointer: null,
    stats,
    groupCommit: null,
    close: async () => {
      await db.destroy();
    },
    ping: async () => {
      await pool.query('select 1');
    },
  };
}

/**
 * Transactions take the write lock at BEGIN (BEGIN IMMEDIATE). A deferred transaction that has read
 * and then writes while another connection holds the lock (a `kefu` CLI command, a second server on
 * the same file by mistake) fails at once with SQLITE_BUSY: SQLite cannot wait there without risking deadlock.
 * Taking the lock first makes it wait (busy_timeout) instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly cfg: SqliteDialectConfig,
    private readonly onStatement: () => void,
  ) {
    super(cfg);
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.cfg);
  }
  override createAdapter() {
    const adapter = super.createAdapter();
    registerDirectSqlite(adapter, this.cfg.database as SQLite.Database, this.onStatement); // prepared.ts: statements inside transactions skip Kysely's executor
    return adapter;
  }
}
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const ROLLBACK = CompiledQuery.raw('rollback');
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly sqliteCfg: SqliteDialectConfig) {
    super(sqliteCfg);
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(BEGIN_IMMEDIATE);
  }
  /** After SQLITE_FULL (disk full) and some I/O errors SQLite has rolled back by itself: a ROLLBACK would fail with "cannot rollback - no transaction is active" and replace the real error. */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if ((this.sqliteCfg.database as SQLite.Database).inTransaction)
      await connection.executeQuery(ROLLBACK);
  }
}

/** Kysely prepares every query anew; reusing prepared statements by SQL text halves the driver cost. */
function withStatementCache(
  sqlite: SQLite.Database,
  wrap?: StatementWrapper,
  max = 500,
): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = sqlite.prepare(source);
      if (wrap) stmt = wrap(stmt, source);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
