import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, validate, type DocumentNode } from 'graphql';
import { composeSupergraph } from '@stockgraph/shared/schema';
import { apiSchemaOf } from '@stockgraph/shared/schema';
import { CONTRACT_DIR, PENDING_CONTRACT_FILES } from '../support/contract';

const root = resolve(__dirname, '../..');
/** The reference contract beside the repo, where there is one (a clone alone has none). */
const referenceDir = resolve(root, '..', 'shared', 'contract');

describe('composition', () => {
  const { supergraphSdl } = composeSupergraph(resolve(root, 'rover.yaml'));

  it('composes every subgraph in rover.yaml', () => {
    for (const name of ['unification', 'erp', 'wms', 'pos', 'oms', 'planning']) {
      expect(supergraphSdl).toContain(`name: "${name}"`);
    }
  });

  it('the committed schema/supergraph.graphql is not stale (run `npm run compose`)', () => {
    expect(readFileSync(resolve(root, 'schema/supergraph.graphql'), 'utf8')).toBe(supergraphSdl);
  });
});

describe('client contract validates against the supergraph API schema', () => {
  const schema = apiSchemaOf(readFileSync(resolve(root, 'schema/supergraph.graphql'), 'utf8'));
  const files = readdirSync(CONTRACT_DIR).filter((f) => f.endsWith('.graphql'));

  it('finds the contract documents in the repo', () => {
    expect(files).toEqual(expect.arrayContaining(['storefront.graphql', 'clienteling.graphql', 'partner.graphql', 'operations.graphql', 'planning.graphql', 'lifecycle.graphql', 'supply.graphql']));
  });

  // Documents the contract gained before the graph grew the fields they use: each is expected to
  // fail until it validates, and then this list must lose it (it.failing turns red once it passes).
  const pending = new Set(PENDING_CONTRACT_FILES);
  it.each(files.filter((f) => !pending.has(f)))('%s', (file) => {
    const doc: DocumentNode = parse(readFileSync(resolve(CONTRACT_DIR, file), 'utf8'));
    const errors = validate(schema, doc).map((e) => e.message);
    expect(errors).toEqual([]);
  });
  if (pending.size > 0) {
    it.failing.each([...pending])('%s (pending: the graph does not have its fields yet)', (file) => {
      expect(validate(schema, parse(readFileSync(resolve(CONTRACT_DIR, file), 'utf8'))).map((e) => e.message)).toEqual([]);
    });
  }
});

// The repo keeps its own copy so that a clone with nothing beside it runs; where the reference
// folder is there too, the copy must not have drifted from it.
const describeWithReference = existsSync(referenceDir) ? describe : describe.skip;
describeWithReference('the repo\'s contract/ is the reference contract beside it', () => {
  it('holds the same files with the same text', () => {
    const names = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.graphql') || f === 'README.md').sort();
    expect(names(CONTRACT_DIR)).toEqual(names(referenceDir));
    for (const f of names(referenceDir)) {
      expect([f, readFileSync(resolve(CONTRACT_DIR, f), 'utf8')]).toEqual([f, readFileSync(resolve(referenceDir, f), 'utf8')]);
    }
  });
});
