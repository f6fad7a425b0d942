/** Everything a transport needs, wired once by the composition root (main.ts) or testApp(). */
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Dispatcher } from './events/dispatcher.ts';
import type { Clock } from './lib/clock.ts';
import type { FileStorage, JobQueue, KeyValue } from './infra/ports.ts';
import type { CommandDeps } from './commands/context.ts';
import type { IdentityTarget } from './realtime/identity.ts';

export interface Services extends CommandDeps {
  config: Config;
  database: Database;
  dispatcher: Dispatcher;
  queue: JobQueue;
  kv: KeyValue;
  storage: FileStorage;
  clock: Clock;
  log: Logger;
  /** Secret for signing visitor tokens (derived from SECRET_KEY or stored in the data dir). */
  secret: string;
  /** Ephemeral signals (typing) published by the realtime gateway; absent when no realtime role runs. */
  signals?: Signals;
  /** Extra readiness checks (e.g. Redis). */
  readiness: Array<() => Promise<void>>;
}

export interface TypingSignal {
  accountId: string;
  conversationId: string;
  contactId: string;
  from: { type: 'contact' | 'user'; id: string; name?: string };
  typing: boolean;
  private?: boolean;
}
export interface Signals {
  typing(signal: TypingSignal): void;
  /** Ends the live agent sockets of a revoked session/token or of a user, on every node. */
  endIdentity(target: IdentityTarget): void;
}
