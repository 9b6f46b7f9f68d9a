import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let found: string | null = null;

/**
 * The checkout's root: the nearest folder above this code that holds the composed supergraph.
 * The same answer from the TypeScript sources (tsx) and from the bundles `npm run build` writes to
 * dist/, which sit one level deeper, so the schema files and the console are read from one place.
 */
export function repoRoot(): string {
  if (found) return found;
  for (let dir = resolve(__dirname); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'schema', 'supergraph.graphql'))) return (found = dir);
    if (dirname(dir) === dir) throw new Error(`no schema/supergraph.graphql above ${__dirname}`);
  }
}
