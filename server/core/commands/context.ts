/**
 * The plain context every command receives, and `execute()`, which runs a command in one
 * transaction, records its events in the outbox, and dispatches them after commit.
 */
import type { Logger } from 'pino';
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Database, Executor } from '../db/client.ts';
import type { DispatchMeta, Dispatcher } from '../events/dispatcher.ts';
import { EventRecorder } from '../events/recorder.ts';
import type { Clock } from '../lib/clock.ts';
import type { Actor } from '../policies/actor.ts';
import type { FileStorage } from '../infra/ports.ts';
import { isUniqueViolation, type UniqueKey } from '../db/unique-violation.ts';
import { noteWriteSucceeded, storageFailure } from '../db/storage-full.ts';
import { asDatabaseBusy, isRetryableConflict } from '../db/pg-errors.ts';

/** Messages are idempotent on (account, idempotency key): the client message id of their sender. */
export const MESSAGE_IDEMPOTENCY: UniqueKey = {
  name: 'messages_idempotency',
  table: 'messages',
  columns: ['account_id', 'idempotency_key'],
};

export interface CommandContext {
  tx: Executor;
  actor: Actor;
  accountId: string;
  now: number;
  events: EventRecorder;
  log?: Logger;
  storage?: FileStorage;
}

export interface CommandDeps {
  database: Database;
  dispatcher: Dispatcher;
  clock: Clock;
  log?: Logger;
  storage?: FileStorage;
}

export type Command<I, O> = (ctx: CommandContext, input: I) => Promise<O>;

/**
 * Concurrent retries of one client message id (PostgreSQL: several transactions pass the idempotency
 * check before any of them commits) collide on the messages' unique key, and all but one roll back.
 * Each of those runs once more in a new transaction, where the command's own idempotency check
 * finds the stored message: the same answer as a sequential retry instead of a 500.
 */
export async function execute<I, O>(
  deps: CommandDeps,
  actor: Actor,
  command: Command<I, O>,
  input: I,
  meta?: DispatchMeta,
): Promise<O> {
  let idempotencyRetried = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await executeOnce(deps, actor, command, input, meta);
    } catch (err) {
      if (!idempotencyRetried && isUniqueViolation(err, MESSAGE_IDEMPOTENCY)) {
        idempotencyRetried = true;
        deps.log?.debug(
          { command: command.name },
          'idempotency key taken by a concurrent retry; running again',
        );
        continue;
      }
      // PostgreSQL lock timeout, deadlock or serialization failure: the transaction rolled back; a new one usually succeeds.
      if (attempt < CONFLICT_ATTEMPTS && isRetryableConflict(err)) {
        deps.log?.warn(
          { command: command.name, code: (err as { code?: string }).code, attempt },
          'transaction conflict; running again',
        );
        continue;
      }
      throw asDatabaseBusy(err); // timeouts and an exhausted pool: 503 database_busy, never a hang or a 500
    }
  }
}

/** Runs of one command when PostgreSQL reports a lock timeout, deadlock or serialization failure. */
const CONFLICT_ATTEMPTS = 3;

async function executeOnce<I, O>(
  deps: CommandDeps,
  actor: Actor,
  command: Command<I, O>,
  input: I,
  meta?: DispatchMeta,
): Promise<O> {
  let recorder: EventRecorder | null = null;
  const work = async (tx: Transaction<DB>) => {
    const now = deps.clock.now();
    recorder = new EventRecorder(tx, actor.accountId, () => now);
    return command(
      {
        tx,
        actor,
        accountId: actor.accountId,
        now,
        events: recorder,
        log: deps.log,
        storage: deps.storage,
      },
      input,
    );
  };
  // SQLite: one writer, so concurrent commands share a commit (group commit); PostgreSQL: one transaction each.
  // System actors are event processors and timers: they yield to commands people are waiting for.
  let result: O;
  try {
    result = deps.database.groupCommit
      ? await deps.database.groupCommit.run(
          work,
          actor.kind === 'system' ? 'background' : 'foreground',
        )
      : await deps.database.db.transaction().execute(work);
  } catch (err) {
    throw storageFailure(deps.database, err, deps.log); // disk full: 503 storage_full, logged once per interval
  }
  const events = (recorder as EventRecorder | null)?.recorded ?? [];
  if (events.length) noteWriteSucceeded(deps.database, deps.log); // a command that recorded events wrote: storage has room
  deps.dispatcher.dispatch(events, meta);
  return result;
}
