/**
 * compose.yaml checked offline against the code it deploys (no Docker needed): each Node service
 * runs a bundle `npm run build` writes, every subgraph of the committed supergraph is reachable at
 * the port its service listens on, from the gateways and from Apollo Router, and every process
 * reaches all six Redis Cluster nodes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { BUILD_ENTRY_POINTS } from '../../scripts/build';

const ROOT = resolve(__dirname, '../..');
interface Service { command?: string[] | string; environment?: Record<string, string>; profiles?: string[]; image?: string; build?: unknown; hostname?: string }
const compose = parse(readFileSync(resolve(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const supergraphSubgraphs = [...readFileSync(resolve(ROOT, 'schema/supergraph.graphql'), 'utf8').matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]!);
const PORT_VARS: Record<string, string> = {
  unification: 'UNIFICATION_PORT', erp: 'ERP_SUBGRAPH_PORT', wms: 'WMS_SUBGRAPH_PORT', pos: 'POS_SUBGRAPH_PORT', oms: 'OMS_SUBGRAPH_PORT', planning: 'PLANNING_SUBGRAPH_PORT',
};

describe('compose.yaml', () => {
  it('runs every Node service from a bundle that npm run build writes', () => {
    const node = Object.entries(services).filter(([, s]) => s.build !== undefined);
    expect(node.map(([n]) => n).sort()).toEqual(['erp', 'gateway', 'oms', 'planning', 'pos', 'simulators', 'unification', 'wms']);
    for (const [name, s] of node) {
      const script = (s.command as string[]).find((a) => a.startsWith('dist/'));
      expect({ name, source: script?.replace(/^dist\//, '').replace(/\.js$/, '.ts') }).toEqual({ name, source: expect.stringMatching(/main\.ts$/) });
      expect(BUILD_ENTRY_POINTS).toContain(script!.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
    }
  });

  it('has a service for every subgraph of the supergraph, and the gateway and Apollo Router call each at the port it listens on', () => {
    for (const name of supergraphSubgraphs) {
      const port = services[name]?.environment?.[PORT_VARS[name]!];
      expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^\d+$/) });
      for (const front of ['gateway', 'apollo-router']) {
        expect({ front, url: services[front]!.environment![`SUBGRAPH_${name.toUpperCase()}_URL`] }).toEqual({ front, url: `http://${name}:${port}/graphql` });
      }
    }
    const routerYaml = readFileSync(resolve(ROOT, 'deploy/router.yaml'), 'utf8');
    for (const name of supergraphSubgraphs) expect(routerYaml).toContain(`${name}: \${env.SUBGRAPH_${name.toUpperCase()}_URL`);
  });

  it('points every process at all six Redis Cluster nodes, each a cluster-enabled service', () => {
    const redisNodes = Object.entries(services).filter(([n]) => /^redis-\d$/.test(n));
    expect(redisNodes).toHaveLength(6);
    for (const [, s] of redisNodes) expect(String(s.command)).toContain('--cluster-enabled yes');
    const expected = redisNodes.map(([n]) => `${n}:6379`).join(',');
    for (const name of [...supergraphSubgraphs, 'gateway']) expect({ name, nodes: services[name]!.environment!.REDIS_CLUSTER_NODES }).toEqual({ name, nodes: expected });
  });

  it('keeps the simulators and Apollo Router optional (profiles)', () => {
    expect(services.simulators!.profiles).toEqual(['simulators']);
    expect(services['apollo-router']!.profiles).toEqual(['apollo-router']);
    expect(services.gateway!.profiles).toBeUndefined();
  });
});
