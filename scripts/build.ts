/**
 * `npm run build`: every deployable compiled to plain JavaScript in dist/, so production runs
 * `node dist/<path>/main.js` with no TypeScript loader. esbuild bundles each entry point with our
 * own workspaces (@stockgraph/*, found through tsconfig paths) and leaves every npm package
 * external, loaded from node_modules as before (patch-package's fixes still apply). Type checking
 * stays with `npm run typecheck`; the bundles keep source maps for stack traces.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { REPO_ROOT } from './spawnProcess';

/** What production runs: the gateway, each subgraph and the simulated legacy systems. */
export const BUILD_ENTRY_POINTS = [
  'gateway/src/main.ts',
  ...['unification', 'erp', 'wms', 'pos', 'oms', 'planning'].map((n) => `subgraphs/${n}/src/main.ts`),
  'simulators/src/main.ts',
];

const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@stockgraph/') ? undefined : { path: args.path, external: true }));
  },
};

async function main(): Promise<void> {
  const started = Date.now();
  rmSync(join(REPO_ROOT, 'dist'), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: BUILD_ENTRY_POINTS,
    outbase: '.',
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    tsconfig: 'tsconfig.json',
    plugins: [npmPackagesExternal],
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  process.stdout.write(`built ${BUILD_ENTRY_POINTS.length} entry points into dist/ (${(bytes / 1e6).toFixed(1)} MB with source maps) in ${Date.now() - started} ms\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
