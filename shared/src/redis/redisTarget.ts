/**
 * Where Redis is, as one string that travels through every option and child environment the
 * way a URL does: `redis://…` (or `rediss://…`) for one server, `redis-cluster://h:p,h:p,…` for a
 * Redis Cluster (its seed nodes; the client discovers the rest). Deployables read it from
 * `REDIS_CLUSTER_NODES=host:port,…` (wins) or `REDIS_URL`.
 */
export type RedisTarget = string;

const CLUSTER_SCHEME = 'redis-cluster://';

export interface ClusterNode {
  host: string;
  port: number;
}

/** `REDIS_CLUSTER_NODES` as a target; throws on a malformed list. */
export function clusterTarget(nodes: string): RedisTarget {
  return CLUSTER_SCHEME + parseNodeList(nodes).map((n) => `${n.host}:${n.port}`).join(',');
}

/** The seed nodes of a cluster target, or null for a single server's URL. */
export function clusterNodesOf(target: RedisTarget): ClusterNode[] | null {
  return target.startsWith(CLUSTER_SCHEME) ? parseNodeList(target.slice(CLUSTER_SCHEME.length)) : null;
}

export function isClusterTarget(target: RedisTarget | undefined): boolean {
  return !!target && target.startsWith(CLUSTER_SCHEME);
}

/** The target named by an environment: REDIS_CLUSTER_NODES, else REDIS_URL, else none (in-process stores). */
export function redisTargetFromEnv(env: { REDIS_CLUSTER_NODES?: string; REDIS_URL?: string }): RedisTarget | undefined {
  if (env.REDIS_CLUSTER_NODES) return clusterTarget(env.REDIS_CLUSTER_NODES);
  return env.REDIS_URL || undefined;
}

/** The environment variable that names a target, for a child process. */
export function redisTargetEnv(target: RedisTarget | undefined): { REDIS_URL?: string; REDIS_CLUSTER_NODES?: string } {
  if (!target) return {};
  const nodes = clusterNodesOf(target);
  return nodes ? { REDIS_CLUSTER_NODES: nodes.map((n) => `${n.host}:${n.port}`).join(',') } : { REDIS_URL: target };
}

/** A target fit for a log line: no password. */
export function describeTarget(target: RedisTarget): string {
  if (isClusterTarget(target)) return target;
  try {
    const u = new URL(target);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

function parseNodeList(list: string): ClusterNode[] {
  const nodes = list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^([^:\s]+):(\d{1,5})$/.exec(s);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) throw new RangeError(`REDIS_CLUSTER_NODES: "${s}" is not host:port`);
    return { host: m[1]!, port };
  });
  if (nodes.length === 0) throw new RangeError('REDIS_CLUSTER_NODES names no node');
  return nodes;
}
