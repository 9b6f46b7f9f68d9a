import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, validate } from 'graphql';
import { apiSchemaOf } from '@stockgraph/shared/schema';
import { contractOperation } from '../support/contract';

/*
 * lifecycle.graphql as a whole stays on the pending list until its transfer and audit operations
 * are served; its order operations validate and are served now (tests/lifecycle/orderLifecycle).
 */
describe('the order operations of lifecycle.graphql', () => {
  const schema = apiSchemaOf(readFileSync(resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8'));
  it.each(['OrderStatus', 'CancelOrder'])('%s validates against the supergraph API schema', (name) => {
    expect(validate(schema, parse(contractOperation('lifecycle.graphql', name))).map((e) => e.message)).toEqual([]);
  });
});
