import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, validate, type DocumentNode } from 'graphql';
import { composeSupergraph } from '@stockgraph/shared/schema/composeSupergraph';
import { apiSchemaOf } from '@stockgraph/shared/schema/apiSchema';

const root = resolve(__dirname, '../..');
const contractDir = resolve(root, '../shared/contract');

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
  const files = readdirSync(contractDir).filter((f) => f.endsWith('.graphql'));

  it('finds the contract documents', () => {
    expect(files).toEqual(expect.arrayContaining(['storefront.graphql', 'clienteling.graphql', 'partner.graphql', 'operations.graphql', 'planning.graphql']));
  });

  it.each(files)('%s', (file) => {
    const doc: DocumentNode = parse(readFileSync(resolve(contractDir, file), 'utf8'));
    const errors = validate(schema, doc).map((e) => e.message);
    expect(errors).toEqual([]);
  });
});
