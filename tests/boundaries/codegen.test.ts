import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The resolver types each subgraph compiles against are what GraphQL Code Generator makes of its
 * schema file today (codegen.ts): a schema change without `npm run codegen`, or a hand edit of a
 * generated file, fails here. Runs the CLI itself: its ESM dependencies do not load under jest.
 */
describe('generated resolver types', () => {
  it('are what `npm run codegen` makes of schema/<subgraph>.graphql', async () => {
    const root = resolve(__dirname, '../..');
    const bin = resolve(root, 'node_modules/.bin/graphql-codegen');
    const run = await promisify(execFile)(bin, ['--config', 'codegen.ts', '--check'], { cwd: root }).then(
      () => ({ stale: '' }),
      (err: { stdout?: string; stderr?: string }) => ({ stale: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
    expect(run.stale).toBe('');
  }, 60_000);
});
