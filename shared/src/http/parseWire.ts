import type { z } from 'zod';
import { LegacyError } from '../errors';

/**
 * Validates a decoded legacy answer against its zod schema. A mismatch becomes a 'format'
 * LegacyError naming the field path and the kind of problem only: zod's own messages quote the
 * received value, and a legacy value may carry anything.
 */
export function parseWire<S extends z.ZodTypeAny>(system: string, op: string, schema: S, data: unknown, context?: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'root';
  const where = context ? `${context} ${field}` : field;
  return formatFailure(system, op, `${issue?.code ?? 'invalid'} at ${where}`);
}

/** Throws the 'format' LegacyError used for every unreadable legacy answer. */
export function formatFailure(system: string, op: string, detail: string): never {
  throw new LegacyError(system, 'format', `${system} ${op} answered unexpected data (${detail})`);
}
