/** Ports: the contracts every infrastructure adapter implements (memory/local and Redis/BullMQ). */
export interface JobOptions {
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}
export type JobHandler = (data: unknown) => Promise<void>;

/** How a job ended: done, failed after all its attempts, or not known (the queue closed or lost it). */
export type JobOutcome =
  | { status: 'completed' }
  | { status: 'failed'; error: string; attempts: number }
  | { status: 'unknown' };

/** The text a failed outcome (and a dead-letter row) carries: the error's name and message, bounded. */
export const errorText = (err: unknown): string =>
  (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2_000);

export interface JobQueue {
  /**
   * Enqueues a job and resolves when it ended (never rejects). A job id already queued or running
   * joins that run instead of starting another. The outcome is what lets the dispatcher mark an event
   * dispatched only after its background work is done.
   */
  run(name: string, data: unknown, opts?: JobOptions): Promise<JobOutcome>;
  process(name: string, handler: JobHandler, concurrency?: number): void;
  /** Jobs waiting or running (for /metrics). */
  depth(): Promise<number>;
  close(): Promise<void>;
}
export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface KeyValue {
  /** Fixed-window counter; allows `limit` hits per `windowMs` for `key`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  /** The hits `key` has in its current window (0 when none), without counting one. */
  peek(key: string): Promise<{ count: number; retryAfterSeconds: number }>;
  /** Presence: set a member in a set with a TTL (refreshed by heartbeats). */
  presenceSet(set: string, member: string, value: string, ttlMs: number): Promise<void>;
  presenceRemove(set: string, member: string): Promise<void>;
  presenceList(set: string): Promise<Record<string, string>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoredFile {
  key: string;
  size: number;
}
export interface FileStorage {
  put(key: string, data: Buffer): Promise<StoredFile>;
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
}
