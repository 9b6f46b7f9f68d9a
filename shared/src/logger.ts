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

/** The root logger: JSON lines on stdout (or `destination`); quiet under jest unless LOG_LEVEL says otherwise. */
export function createLogger(name: string, level?: string, destination?: pino.DestinationStream): Logger {
  const defaultLevel = process.env.JEST_WORKER_ID ? 'silent' : 'info';
  const options: pino.LoggerOptions = {
    name, level: level ?? process.env.LOG_LEVEL ?? defaultLevel, base: { service: name },
    // a line written inside a request by a logger that is not the request's own still carries its id
    mixin: (_obj, _level, logger) => {
      const scope = requestScope.getStore();
      return scope && !('requestId' in logger.bindings()) ? { requestId: scope.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
