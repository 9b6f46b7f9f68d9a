import pino, { type Logger } from 'pino';

export type { Logger };

/** The root logger: JSON lines on stdout; quiet under jest unless LOG_LEVEL says otherwise. */
export function createLogger(name: string, level?: string): Logger {
  const defaultLevel = process.env.JEST_WORKER_ID ? 'silent' : 'info';
  return pino({ name, level: level ?? process.env.LOG_LEVEL ?? defaultLevel, base: { service: name } });
}
