import type { SourceSystem } from '../domain';
import type { SourceHealth } from '../health/SourceHealth';
import type { Logger } from '../logger';

/**
 * Runs one call to a legacy system and records whether the system answered, so figures that
 * depend on it can be flagged stale while it is away. Failures are logged and rethrown.
 */
export async function withHealth<T>(health: SourceHealth, system: SourceSystem, logger: Logger, op: string, fn: () => Promise<T>): Promise<T> {
  try {
    const out = await fn();
    await health.report(system, true, Date.now());
    return out;
  } catch (err) {
    await health.report(system, false, Date.now(), (err as Error).message);
    logger.warn({ system, op, err: (err as Error).message }, 'legacy call failed');
    throw err;
  }
}

/** Runs a task every `ms`, never two at once, never keeping the process alive. */
export function every(ms: number, task: () => Promise<unknown>, onError: (err: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task().catch(onError).finally(() => { running = false; });
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
