import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** human-readable lines (pino-pretty) instead of JSON; see prettyLogsWanted */
  pretty?: boolean;
}

/** The root logger: JSON lines on stdout; quiet under jest unless LOG_LEVEL says otherwise. */
export function createLogger(name: string, level?: string, options: LoggerOptions = {}): Logger {
  const defaultLevel = process.env.JEST_WORKER_ID ? 'silent' : 'info';
  const opts = { name, level: level ?? process.env.LOG_LEVEL ?? defaultLevel, base: { service: name } };
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
