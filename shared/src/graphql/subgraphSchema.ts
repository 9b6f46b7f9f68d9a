import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';

const SCHEMA_DIR = resolve(__dirname, '../../../schema');

/** The SDL of one subgraph, from schema/<name>.graphql: the file composition reads too. */
export function subgraphTypeDefs(name: string): string {
  return readFileSync(resolve(SCHEMA_DIR, `${name}.graphql`), 'utf8');
}

export function buildSchemaFor(name: string, resolvers: unknown): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: parse(subgraphTypeDefs(name)), resolvers: resolvers as GraphQLResolverMap<unknown> }]);
}
