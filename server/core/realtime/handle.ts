/** Validated socket event handlers with acks: bad input gets `{ error: { code, details } }`, never a crash. */
import type { Socket } from 'socket.io';
import type { ZodType, z } from 'zod';
import { isStorageFull, storageFullError } from '../db/storage-full.ts';
import { isAppError } from '../errors.ts';
import { asDatabaseBusy } from '../db/pg-errors.ts';

export function handle<S extends ZodType>(
  socket: Socket,
  event: string,
  schema: S,
  fn: (payload: z.infer<S>) => Promise<unknown>,
  /** Checked before every action: false answers `unauthorized` and disconnects the socket. */
  allowed?: () => Promise<boolean>,
): void {
  socket.on(event, async (payload: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
    if (allowed && !(await allowed().catch(() => true))) {
      reply({ error: { code: 'unauthorized', message: 'Your session has ended. Log in again.' } });
      socket.disconnect(true);
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reply({
        error: {
          code: 'invalid_request',
          details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      });
      return;
    }
    try {
      reply(await fn(parsed.data));
    } catch (caught) {
      // commands already answer storage_full (execute()); a write outside a command gets the same stable code
      const err = isStorageFull(caught) ? storageFullError() : asDatabaseBusy(caught);
      if (isAppError(err))
        reply({
          error: {
            code: err.code,
            message: err.message,
            ...(err.details ? { details: err.details } : {}),
          },
        });
      else {
        socket.nsp.server.engine.emit('handler_error', err);
        reply({ error: { code: 'internal_error', message: 'Something went wrong.' } });
      }
    }
  });
}
