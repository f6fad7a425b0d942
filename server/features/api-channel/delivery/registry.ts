/** The delivery worker running for a server (its `Services`): the processor and the redeliver route kick it. */
import type { Services } from '../../../core/services.ts';
import type { DeliveryWorker } from './worker.ts';

const workers = new WeakMap<Services, DeliveryWorker>();

export const workerOf = (services: Services) => workers.get(services);

export function registerWorker(services: Services, worker: DeliveryWorker | null): void {
  if (worker) workers.set(services, worker);
  else workers.delete(services);
}
