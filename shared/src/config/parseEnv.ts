import { z } from 'zod';

/**
 * Parses the environment against a zod schema and reports every problem at once.
 * Deployables call this from their own src/config.ts; nothing else reads process.env.
 */
export function parseEnv<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`).join('\n');
  throw new ConfigError(`Invalid configuration:\n${problems}`);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Common zod pieces for env parsing. */
export const env = {
  port: (def: number) => z.coerce.number().int().min(0).max(65535).default(def),
  url: () => z.string().url(),
  ms: (def: number) => z.coerce.number().int().min(0).default(def),
  bool: (def: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
};
