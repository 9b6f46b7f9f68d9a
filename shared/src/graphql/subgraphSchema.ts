import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { repoRoot } from '../files/repoRoot';


/** The SDL of one subgraph, from schema/<name>.graphql: the file composition reads too. */
export function subgraphTypeDefs(name: string): string {
  return readFileSync(resolve(repoRoot(), 'schema', `${name}.graphql`), 'utf8');
}

/** One module of buildSubgraphSchema's argument, named from its public signature (@apollo/subgraph does not export the type). */
type SchemaModule = Exclude<Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number], DocumentNode>;
export type SubgraphResolverMap = NonNullable<SchemaModule['resolvers']>;

/**
 * The subgraph's executable schema from its SDL and its resolver map. Each subgraph types its map
 * with the `Resolvers` generated from the same SDL (npm run codegen); Apollo's own map type is
 * looser about reference resolvers, hence the one conversion here.
 */
export function buildSchemaFor(name: string, resolvers: object): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: parse(subgraphTypeDefs(name)), resolvers: resolvers as SubgraphResolverMap }]);
}
