/**
 * The only reader of process.env. Validated at start with zod; every error is reported at once.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Check every JSON answer against its route's response schema (a mismatch: 500 naming the route); default: NODE_ENV=test. */
  CHECK_RESPONSES: bool.optional(),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  /** PostgreSQL: connections per node, and the limits that turn a stuck database into a clear 503 instead of a hang. */
  PG_POOL_SIZE: z.coerce.number().int().positive().default(10),
  PG_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  PG_LOCK_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** PostgreSQL schema of this deployment (created beforehand); also names its BullMQ queue and Redis key prefixes (benchmarks and CI load checks isolate themselves with it). */
  PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  ROLES: z.string().default('web,worker,realtime'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUSTED_PROXIES: z.string().default(''),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1_048_576),
  SEED_DEMO: bool.default(true),
  /** Build the console/widget bundles at start when missing or stale (tests and benches turn it off). */
  BUILD_WEB: bool.default(true),
  COOKIE_SECURE: bool.optional(),
  RATE_LIMIT_LOGIN_PER_MIN: z.coerce.number().int().positive().default(10),
  /** Per account (email): this many failed sign-ins within LOGIN_LOCK_MINUTES lock it for the rest of the window. */
  LOGIN_LOCK_AFTER_FAILURES: z.coerce.number().int().positive().default(10),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  /** A session ends after this long without a request (ASVS 3.3.2: at most 12 h) … */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 60),
  /** … and this long after sign-in, whatever the activity. */
  SESSION_MAX_DAYS: z.coerce.number().positive().default(14),
  /** Email channel, outbound: a mail the relay defers (4xx, down, slow) is tried at most this many times, then failed (listed for admins, retryable). */
  EMAIL_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** Email channel, outbound: the wait before the first retry; each further retry waits twice as long (at most 6 h). */
  EMAIL_SEND_RETRY_SECONDS: z.coerce.number().int().positive().default(60),
  /** Email channel, outbound: an SMTP relay that has not connected, greeted or answered within this long fails the attempt (retried later). */
  EMAIL_SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Email channel, outbound: automatic mails (bot, auto-replies, CSAT, rules) one address gets per hour at most; more are not sent (loop guard). */
  EMAIL_AUTO_MAIL_PER_HOUR: z.coerce.number().int().positive().default(10),
  /**
   * An agent left online or away with no console open (no agent socket, no heartbeat) this long is
   * set offline by the routing ticker, so a closed tab stops taking chats; 0: never.
   */
  PRESENCE_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** A widget visitor token is refused this long after it was issued (each page load gets a fresh one). */
  VISITOR_TOKEN_DAYS: z.coerce.number().positive().default(30),
  RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: z.coerce.number().int().positive().default(30),
  /**
   * WeChat channel (features/wechat-channel): the platform API's base URL (access tokens, customer
   * service messages, media). Point it at a local simulator (`startWechatSim`) in development and tests.
   */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  RATE_LIMIT_MESSAGES_PER_MIN: z.coerce.number().int().positive().default(120),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Each `/readyz` check (database ping, Redis ping, …) that has not answered after this long counts as `timeout`. */
  READY_CHECK_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
  /**
   * Let outgoing requests (automation webhooks, the LLM provider) reach loopback, private,
   * link-local and this host's own addresses: the SSRF guard off, for on-premise peers (a local
   * Ollama, an intranet webhook) and tests. `WEBHOOK_ALLOW_PRIVATE` is its older name.
   */
  OUTBOUND_ALLOW_PRIVATE: bool.default(false),
  /** `/metrics` needs `Authorization: Bearer <METRICS_TOKEN>`; unset: only scrapers on this host (loopback, not proxied). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Send Strict-Transport-Security when the request came over https (directly or per TRUSTED_PROXIES). */
  HSTS: bool.default(true),
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /**
   * Email channel: the built-in SMTP listener's port (unset: no listener; 0: any free port, for
   * tests). It accepts mail only for the addresses of configured email inboxes (and their
   * plus-addresses), no AUTH, STARTTLS only when SMTP_TLS_CERT and SMTP_TLS_KEY name PEM files.
   */
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Address the SMTP listener binds to (default: HOST). */
  SMTP_HOST: z.string().optional(),
  SMTP_TLS_CERT: z.string().optional(),
  SMTP_TLS_KEY: z.string().optional(),
  /** Largest inbound mail (SMTP SIZE, the raw-MIME webhook, IMAP), in bytes; 20 MiB of attachments fit. */
  EMAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(32 * 1_048_576),
  /** An inbound mail that keeps failing is tried this many times, then kept in quarantine. */
  EMAIL_INGEST_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  /** Email channel, IMAP sync: a full pass this often while connected, besides what IDLE reports (also covers a silently dropped IDLE). */
  IMAP_RESYNC_SECONDS: z.coerce.number().int().positive().default(300),
  /** Development aid: time every SQLite statement, write the totals to `<prefix>.<pid>` at exit (db/sql-profile.ts). */
  SQL_PROFILE: z.string().optional(),
  /** Count only calls between these seconds after start, e.g. `6-10`. */
  SQL_PROFILE_WINDOW: z
    .string()
    .regex(/^\d+(\.\d+)?-\d+(\.\d+)?$/, 'seconds from-to, e.g. 6-10')
    .optional(),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config extends RawConfig {
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  sqlProfile: { file: string; window?: [number, number] } | null;
  /** OUTBOUND_ALLOW_PRIVATE or its older name WEBHOOK_ALLOW_PRIVATE (core/infra/outbound.ts). */
  allowPrivateOutbound: boolean;
  roles: Set<'web' | 'worker' | 'realtime'>;
  trustedProxies: string[];
  /** CHECK_RESPONSES, or NODE_ENV=test when unset (core/http/route.ts). */
  checkResponses: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const roles = new Set(
    raw.ROLES.split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  );
  for (const r of roles)
    if (!['web', 'worker', 'realtime'].includes(r)) problems.push(`ROLES: unknown role "${r}"`);
  if (raw.NODE_ENV === 'production' && !raw.SECRET_KEY)
    problems.push('SECRET_KEY: required in production');
  if (problems.length) throw new ConfigError(problems);
  const url = raw.DATABASE_URL;
  const database: Config['database'] =
    url && url.startsWith('postgres')
      ? { kind: 'postgres', url }
      : {
          kind: 'sqlite',
          file: url ? url.replace(/^sqlite:(\/\/)?/, '') : `${raw.DATA_DIR}/kefu.db`,
        };
  return {
    ...raw,
    database,
    sqlProfile: raw.SQL_PROFILE
      ? {
          file: raw.SQL_PROFILE,
          ...(raw.SQL_PROFILE_WINDOW
            ? { window: raw.SQL_PROFILE_WINDOW.split('-').map(Number) as [number, number] }
            : {}),
        }
      : null,
    roles: roles as Config['roles'],
    allowPrivateOutbound: raw.OUTBOUND_ALLOW_PRIVATE || raw.WEBHOOK_ALLOW_PRIVATE,
    checkResponses: raw.CHECK_RESPONSES ?? raw.NODE_ENV === 'test',
    trustedProxies: raw.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

function stripEmpty(env: Record<string, string | undefined>) {
  const out: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}
