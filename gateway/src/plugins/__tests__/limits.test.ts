import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { apiSchemaOf } from '@stockgraph/shared/schema';
import { DEFAULT_LIMITS } from '../../resolveConfig';
import { estimateCost } from '../estimateCost';
import { findListSizeProblem } from '../listSizeLimitPlugin';
import { limitValidationRules } from '../validationRules';

const schema = buildSchema(`
  type Query { products(first: Int = 20, skus: [ID!]): [Product!]! catalog(first: Int = 20): Connection! product(id: ID!): Product }
  type Connection { edges: [Edge!]! total: Int! }
  type Edge { node: Product! }
  type Product { id: ID! variants: [Variant!]! }
  type Variant { id: ID! product: Product! }
`);
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return estimateCost(schema, doc, op, variables, { defaultListSize: 10 });
};

describe('estimateCost', () => {
  it('multiplies by first (literal, variable, schema default), by a list argument, else by the default size', () => {
    expect(cost('{ products(first: 3) { id } }')).toBe(3);
    expect(cost('{ products(first: 3) { variants { id } } }')).toBe(3 * (1 + 10));
    expect(cost('query ($n: Int) { products(first: $n) { id } }', { n: 7 })).toBe(7);
    expect(cost('query ($n: Int = 4) { products(first: $n) { id } }')).toBe(4);
    expect(cost('{ products { id } }')).toBe(20);
    expect(cost('{ products(skus: ["a", "b"], first: null) { id } }')).toBe(2);
  });

  it('sizes the edges of a connection by the connection field\'s first', () => {
    expect(cost('{ catalog(first: 5) { total edges { node { id } } } }')).toBe(1 + 5 * (1 + 1));
  });

  it('pays for every spread of a fragment, and measures a fragment chain in linear time', () => {
    const f = 'fragment F on Query { products(first: 10) { id } }';
    expect(cost(`{ ...F ...F ...F } ${f}`)).toBe(30);
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Product { ${i === 39 ? 'id' : `variants { product { ...F${i + 1} } } ...F${i + 1}`} }`);
    expect(cost(`{ product(id: "1") { ...F0 } } ${chain.join(' ')}`)).toBeGreaterThan(1e40);
  });
});

describe('list sizes', () => {
  const op = (q: string) => {
    const doc = parse(q);
    return [doc, doc.definitions[0] as OperationDefinitionNode] as const;
  };
  const limits = { maxListItems: 3, maxPageSize: 5 };
  it('finds oversize pages and lists in literals, variables and nested inputs', () => {
    expect(findListSizeProblem(...op('{ products(first: 5) { id } }'), {}, limits)).toBeNull();
    expect(findListSizeProblem(...op('{ products(first: 6) { id } }'), {}, limits)).toMatch(/maximum page size is 5/);
    expect(findListSizeProblem(...op('{ products(skus: ["a","b","c","d"]) { id } }'), {}, limits)).toMatch(/4 items; the maximum is 3/);
    expect(findListSizeProblem(...op('query ($i: In) { m(input: $i) }'), { i: { lines: [1, 2, 3, 4] } }, limits)).toMatch(/\$i"\.lines has 4 items/);
    expect(findListSizeProblem(...op('{ ...F } fragment F on Query { products(first: 9) { id } }'), {}, limits)).toMatch(/page size/);
  });
});

describe('the client contract passes the default limits at its worst case', () => {
  const api = apiSchemaOf(readFileSync(resolve(__dirname, '../../../../schema/supergraph.graphql'), 'utf8'));
  const dir = resolve(__dirname, '../../../../contract');
  // Documents whose fields the graph does not have yet (tests/contract lists them too).
  const pending = new Set<string>([]);
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql') && !pending.has(f));
  const worst = { first: 100, skus: Array.from({ length: 100 }, (_, i) => `SKU-${i}`), channel: 'DTC' };

  it.each(files)('%s', (file) => {
    const doc = parse(readFileSync(resolve(dir, file), 'utf8'));
    expect(validate(api, doc, [...specifiedRules, ...limitValidationRules(DEFAULT_LIMITS, true)]).map((e) => e.message)).toEqual([]);
    for (const def of doc.definitions) {
      if (def.kind !== 'OperationDefinition') continue;
      expect(findListSizeProblem(doc, def, worst, DEFAULT_LIMITS)).toBeNull();
      expect(estimateCost(api, doc, def, worst, DEFAULT_LIMITS)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    }
  });
});
