import type { Cluster } from 'ioredis';
import type { RedisClient } from './roundTrip';

export interface ScriptDef {
  lua: string;
  /** fixed key count; without it the first argument of each call gives the count */
  numberOfKeys?: number;
  readOnly?: boolean;
}

/**
 * Defines Lua scripts as client commands, the same on one Redis and on a Cluster. On a Cluster:
 * - notices go out by SPUBLISH (to a shard channel of the script's own slot, see
 *   shardChannels.ts) instead of PUBLISH, which every node would relay to every other;
 * - a script whose key count comes first in its arguments is kept out of auto-pipelining, which
 *   would route the call by that count instead of by its first key and mix slots in one pipeline.
 */
export function defineScripts(redis: RedisClient, scripts: Record<string, ScriptDef>): void {
  for (const [name, def] of Object.entries(scripts)) {
    if (!redis.isCluster) {
      redis.defineCommand(name, def);
      continue;
    }
    redis.defineCommand(name, { ...def, lua: def.lua.replace(/redis\.call\((['"])PUBLISH\1/g, "redis.call('SPUBLISH'") });
    const ignored = (redis as Cluster).options.autoPipeliningIgnoredCommands ??= [];
    if (def.numberOfKeys === undefined && !ignored.includes(name)) ignored.push(name);
  }
}
