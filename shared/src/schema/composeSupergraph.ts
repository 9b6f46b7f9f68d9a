import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import YAML from 'yaml';

export interface RoverSubgraph { name: string; routingUrl: string; schemaFile: string; typeDefs: string }

/** Reads rover.yaml the way `rover supergraph compose` does: one entry per subgraph. */
export function readRoverConfig(roverYamlPath: string): { federationVersion: string; subgraphs: RoverSubgraph[] } {
  const root = dirname(roverYamlPath);
  const doc = YAML.parse(readFileSync(roverYamlPath, 'utf8')) as {
    federation_version: string;
    subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
  };
  const subgraphs = Object.entries(doc.subgraphs).map(([name, s]) => {
    const schemaFile = resolve(root, s.schema.file);
    return { name, routingUrl: s.routing_url, schemaFile, typeDefs: readFileSync(schemaFile, 'utf8') };
  });
  return { federationVersion: String(doc.federation_version), subgraphs };
}

/** Composes the supergraph in-process with @apollo/composition (no rover binary needed). */
export function composeSupergraph(roverYamlPath: string): { supergraphSdl: string; hints: string[] } {
  const { subgraphs } = readRoverConfig(roverYamlPath);
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: parse(s.typeDefs) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((h) => h.toString()) };
}
