import type { Logger } from 'pino';
import { ConfigError } from '../config/parseEnv';

export interface StartedService {
  logger: Logger;
  /** background work to stop first (pollers, sweepers) */
  stoppers?: (() => void)[];
  /** then closed in order (servers, apps, stores) */
  closers: (() => Promise<unknown> | unknown)[];
}

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * A deployable's process life: read the config (every problem at once, exit 2), start (exit 1 on
 * failure), then on SIGINT/SIGTERM stop background work, close in order, and exit — forced after a
 * grace period so a stuck connection cannot keep a replaced process alive.
 */
export function runService<C>(name: string, loadConfig: () => C, start: (config: C) => Promise<StartedService>): void {
  let config: C;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  start(config).then(
    (svc) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        svc.logger.info({ signal }, 'shutting down');
        setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
        for (const s of svc.stoppers ?? []) s();
        svc.closers
          .reduce<Promise<unknown>>((p, c) => p.then(() => c()), Promise.resolve())
          .then(() => process.exit(0), (err: unknown) => {
            svc.logger.error({ err }, 'shutdown failed');
            process.exit(1);
          });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err: unknown) => {
      process.stderr.write(`${name} failed to start: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
