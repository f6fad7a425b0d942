/**
 * Redis pub/sub is fire-and-forget: while a node's subscriber connection is down, whatever the other
 * nodes publish (their broadcasts of events, messages, status changes) never reaches this node's
 * sockets, and nothing replays it. When the connection is back, the node tells every socket it holds
 * to catch up from the database (agents resume from their last event id, visitors sync by seq).
 */
import type { EventEmitter } from 'node:events';

export interface SubscriberConnection extends EventEmitter {
  ping(): Promise<unknown>;
}

/**
 * Calls `onRestored` each time `sub` is ready again after having been down (ioredis: 'close' or
 * 'end'; a connection error is always followed by 'close', and no 'error' listener is added here so
 * that ioredis still reports errors as before), once its subscriptions are active again: ioredis emits 'ready' before it resubscribes,
 * so a PING sent after that (answered in order) marks the point from which nothing is lost.
 * Returns a function that stops watching.
 */
export function onPubSubRestored(
  sub: SubscriberConnection,
  onRestored: () => void,
  onError: (err: unknown) => void = () => {},
): () => void {
  let down = false;
  const lost = () => {
    down = true;
  };
  const ready = () => {
    if (!down) return; // the first connection: nothing was missed
    down = false;
    setImmediate(() => {
      sub.ping().then(
        () => {
          if (!down) onRestored();
        },
        (err) => onError(err),
      ); // down again: the next 'ready' signals
    });
  };
  sub.on('close', lost);
  sub.on('end', lost);
  sub.on('ready', ready);
  return () => {
    sub.off('close', lost);
    sub.off('end', lost);
    sub.off('ready', ready);
  };
}
