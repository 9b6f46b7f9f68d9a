// cluster-key-slot is the CRC16 ioredis itself routes by (its dependency; no types shipped)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const calculateSlot: (key: string) => number = require('cluster-key-slot');

export const CLUSTER_SLOTS = 16384;

let tags: string[] | null = null;

/** For each of the 16,384 slots, a short hash tag that lands on it (computed once, ~20 ms). */
function slotTags(): string[] {
  if (tags) return tags;
  const out = new Array<string>(CLUSTER_SLOTS);
  let found = 0;
  for (let i = 0; found < CLUSTER_SLOTS; i++) {
    const tag = i.toString(36);
    const slot = calculateSlot(tag);
    if (out[slot] === undefined) {
      out[slot] = tag;
      found++;
    }
  }
  tags = out;
  return out;
}

export function keySlot(key: string): number {
  return calculateSlot(key);
}

/**
 * The shard channel of `base` that lives in the slot of `key`. A script may SPUBLISH only to a
 * channel of its own keys' slot, so a notice about one SKU goes out on its slot's channel, and a
 * listener of every change subscribes to all of them (`allShardChannels`).
 */
export function shardChannelFor(base: string, key: string): string {
  return `${base}:{${slotTags()[calculateSlot(key)]}}`;
}

/** The 16,384 shard channels of `base`, one per slot. */
export function allShardChannels(base: string): string[] {
  return slotTags().map((tag) => `${base}:{${tag}}`);
}

