import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

export type { Logger };

const requestScope = new AsyncLocalStorage<{ requestId: string; logger: Logger | null }>();

/**
 * Runs `fn` as one request's work: `requestLogger` is then the per-request child logger that
 * carries the gateway's request id, and every other logger createLogger made (a service's own)
 * adds the id too, so every log line written while serving the request can be joined to it.
 */
export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId ? requestScope.run({ requestId, logger: null }, fn) : fn();
}

/** The per-request child logger (`{ requestId }` bound) inside withRequestId; `base` outside a request. */
export function requestLogger(base: Logger): Logger {
  const scope = requestScope.getStore();
  if (!scope) return base;
  scope.logger ??= base.child({ requestId: scope.requestId });
  return scope.logger;
}

export interface LoggerOptions {
  /** human-readable lines (pino-pretty) instead of JSON; see prettyLogsWanted */
  pretty?: boolean;
  /** where JSON lines go instead of stdout (tests) */
  destination?: pino.DestinationStream;
}

/** The root logger: JSON lines on stdout; quiet under jest unless LOG_LEVEL says otherwise. */
export function createLogger(name: string, level?: string, options: LoggerOptions = {}): Logger {
  const defaultLevel = process.env.JEST_WORKER_ID ? 'silent' : 'info';
  const opts: pino.LoggerOptions = {
    name, level: level ?? process.env.LOG_LEVEL ?? defaultLevel, base: { service: name },
    // a line written inside a request by a logger that is not the request's own still carries its id
    mixin: (_obj, _level, logger) => {
      const scope = requestScope.getStore();
      return scope && !('requestId' in logger.bindings()) ? { requestId: scope.requestId } : {};
    },
  };
  if (options.destination) return pino(opts, options.destination);
  if (!options.pretty) return pino(opts);
  // loaded only when asked for: production never needs it; synchronous, so no worker thread
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pino(opts, pretty({ colorize: true, sync: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l' }));
}

/**
 * Pretty logs for a person at a terminal in development; JSON for everything else (production,
 * pipes, log collectors). LOG_FORMAT=json|pretty decides when set.
 */
export function prettyLogsWanted(mode: 'development' | 'production', env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (env.LOG_FORMAT === 'json') return false;
  if (env.LOG_FORMAT === 'pretty') return true;
  return mode === 'development' && isTTY;
}
