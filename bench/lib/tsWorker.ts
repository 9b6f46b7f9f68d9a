import { Worker } from 'node:worker_threads';

/**
 * A worker thread running `file` (a bench script's `__filename`) as the main thread does: through
 * tsx's CommonJS hook, so TypeScript loads the same way in the worker. `file` tells it is the
 * worker by `isMainThread` and reads `workerData`.
 */
export function startTsWorker(file: string, workerData: unknown): Worker {
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, { eval: true, workerData });
}

/** The first message of a worker started by startTsWorker (rejects if it fails or exits first). */
export function firstMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: T) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code}) before answering`)));
  });
}
