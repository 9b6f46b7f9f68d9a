import { parse, type OperationDefinitionNode } from 'graphql';
import { cacheTags, keepableShape, planSubgraphs } from '../cacheableOperation';

const op = (q: string) => parse(q).definitions[0] as OperationDefinitionNode;
const fetch = (serviceName: string) => ({ kind: 'Fetch', serviceName });
const only = { node: fetch('unification') };

describe('cacheTags', () => {
  const q = `query($skus: [ID!]!) { availability(skus: $skus, channel: DTC) { availableToSell } }`;

  it('names the SKUs of an availability query the unification subgraph alone answers', () => {
    expect(cacheTags(op(q), { skus: ['A', 'B', 'A'] }, only)).toEqual(['A', 'B']);
    expect(cacheTags(op(`{ a: availability(skus: ["X"], channel: DTC) { stale } b: availability(skus: "Y", channel: RETAIL) { stale } __typename }`), {}, only)).toEqual(['X', 'Y']);
  });

  it('keeps nothing that another subgraph answers, a mutation, or a root field of other dependencies', () => {
    expect(cacheTags(op(q), { skus: ['A'] }, { node: { kind: 'Sequence', nodes: [fetch('unification'), { kind: 'Flatten', node: fetch('erp') }] } })).toBeNull();
    expect(cacheTags(op(`mutation { availability(skus: ["A"]) { stale } }`), {}, only)).toBeNull();
    expect(cacheTags(op(`{ sku(id: "A") { name } }`), {}, only)).toBeNull();
    expect(cacheTags(op(`{ availability(skus: ["A"], channel: DTC) { stale } sku(id: "A") { name } }`), {}, only)).toBeNull();
    expect(cacheTags(op(`{ ...F } fragment F on Query { availability(skus: ["A"], channel: DTC) { stale } }`), {}, only)).toBeNull();
  });

  it('tells an operation that can never be kept (whatever its variables) from one whose variables decide', () => {
    expect(keepableShape(op(q), only)).toBe(true);
    // no SKUs given is a matter of variables, not of the text
    expect(cacheTags(op(q), {}, only)).toBeNull();
    expect(keepableShape(op(q), { node: { kind: 'Sequence', nodes: [fetch('unification'), { kind: 'Flatten', node: fetch('erp') }] } })).toBe(false);
    expect(keepableShape(op(`mutation { availability(skus: ["A"]) { stale } }`), only)).toBe(false);
    expect(keepableShape(op(`{ sku(id: "A") { name } }`), only)).toBe(false);
    expect(keepableShape(op(`{ availability(channel: DTC) { stale } }`), only)).toBe(false);
    expect(keepableShape(op(`{ ...F } fragment F on Query { availability(skus: ["A"], channel: DTC) { stale } }`), only)).toBe(false);
  });

  it('keeps nothing whose SKUs it cannot name', () => {
    expect(cacheTags(op(q), {}, only)).toBeNull();
    expect(cacheTags(op(q), { skus: [1] }, only)).toBeNull();
    expect(cacheTags(op(q), { skus: ['A', '\r\nX-Injected: 1'] }, only)).toBeNull(); // refused by the subgraph; never in a header
    expect(cacheTags(op(q), { skus: ['A,B'] }, only)).toBeNull();
    expect(cacheTags(op(`{ availability(skus: [1], channel: DTC) { stale } }`), {}, only)).toBeNull();
    expect(cacheTags(op(`{ __typename }`), {}, only)).toBeNull();
  });

  it('does not trust a plan node it does not know', () => {
    expect(planSubgraphs({ node: { kind: 'Defer' } })).toBeNull();
    expect(planSubgraphs({ node: { kind: 'Parallel', nodes: [fetch('a'), { kind: 'Condition', ifClause: fetch('b') }] } })).toEqual(new Set(['a', 'b']));
    expect(cacheTags(op(q), { skus: ['A'] }, { node: { kind: 'Defer' } })).toBeNull();
  });
});
