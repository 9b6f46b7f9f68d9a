/**
 * mulberry32: a tiny 32-bit seeded PRNG. Good enough to make a believable retailer and,
 * unlike Math.random, the same seed always gives the same world.
 */
// Bound once: under jest's vm context every lookup of the global `Math` is an intercepted
// property read, which made the 2M-position benchmark world take seconds instead of ms.
const imul = Math.imul;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a label, so each generator step gets its own stream and changing one leaves the others alone. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}
