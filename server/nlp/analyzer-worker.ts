/** worker_threads entry: loads the models once, then analyzes messages posted by worker-pool.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeMessage } from './analyze.ts';
import { loadModelsSync } from './models.ts';

const { modelsDir } = (workerData ?? {}) as { modelsDir?: string };
const models = loadModelsSync({ dir: modelsDir });
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (msg: { id: number; text: string }) => {
  try {
    parentPort?.postMessage({ id: msg.id, result: analyzeMessage(msg.text, models) });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
