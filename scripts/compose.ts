// Writes schema/supergraph.graphql from rover.yaml; with --check, fails when the committed file is stale.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeSupergraph } from '@stockgraph/shared/schema';

const root = resolve(__dirname, '..');
const out = resolve(root, 'schema/supergraph.graphql');
const { supergraphSdl, hints } = composeSupergraph(resolve(root, 'rover.yaml'));
for (const h of hints) process.stderr.write(`hint: ${h}\n`);
if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== supergraphSdl) {
    process.stderr.write('schema/supergraph.graphql is stale: run `npm run compose`\n');
    process.exit(1);
  }
  process.stdout.write('schema/supergraph.graphql is up to date\n');
} else {
  writeFileSync(out, supergraphSdl);
  process.stdout.write(`wrote ${out}\n`);
}
