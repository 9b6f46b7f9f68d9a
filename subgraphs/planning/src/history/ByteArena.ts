// A slab allocator for many small byte buffers: size classes about 1.5× apart, each class a list
// of 1 MiB slabs cut into equal slots, freed slots reused. Millions of series then cost a few
// large ArrayBuffers instead of millions of small objects (each typed array alone carries ~100
// bytes of object overhead).

export const SLOT_SIZES = [8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384];
const SLAB_BYTES = 1 << 20;

export interface SlotRef {
  bytes: Uint8Array;
  offset: number;
  size: number;
}

export class ByteArena {
  /** slots per slab of each class (a slab's tail shorter than a slot stays unused) */
  static slotsPerSlab(cls: number): number {
    return Math.floor(SLAB_BYTES / SLOT_SIZES[cls]);
  }

  private readonly slabs: Uint8Array[][] = SLOT_SIZES.map(() => []);
  private readonly free: number[][] = SLOT_SIZES.map(() => []);
  private readonly next = new Array<number>(SLOT_SIZES.length).fill(0);

  /** The smallest class whose slots hold `bytes`; throws past the largest. */
  static classFor(bytes: number): number {
    for (let c = 0; c < SLOT_SIZES.length; c++) if (SLOT_SIZES[c] >= bytes) return c;
    throw new RangeError(`buffer of ${bytes} bytes exceeds the largest slot`);
  }

  allocate(cls: number): number {
    const free = this.free[cls];
    if (free.length > 0) return free.pop()!;
    const slot = this.next[cls]++;
    const perSlab = Math.floor(SLAB_BYTES / SLOT_SIZES[cls]);
    const slab = Math.floor(slot / perSlab);
    if (slab >= this.slabs[cls].length) this.slabs[cls].push(new Uint8Array(SLAB_BYTES));
    return slot;
  }

  release(cls: number, slot: number): void {
    this.free[cls].push(slot);
  }

  /** Where a slot lives; the view is shared, so write only within [offset, offset + size). */
  locate(cls: number, slot: number, out: SlotRef): SlotRef {
    const size = SLOT_SIZES[cls];
    const perSlab = Math.floor(SLAB_BYTES / size);
    const slab = Math.floor(slot / perSlab);
    out.bytes = this.slabs[cls][slab];
    out.offset = (slot - slab * perSlab) * size;
    out.size = size;
    return out;
  }

  /** Bytes held in slabs (what the arena costs, used or free). */
  reservedBytes(): number {
    let total = 0;
    for (const list of this.slabs) total += list.length * SLAB_BYTES;
    return total;
  }

  /** Bytes in slots handed out and not released. */
  allocatedBytes(): number {
    let total = 0;
    for (let c = 0; c < SLOT_SIZES.length; c++) total += (this.next[c] - this.free[c].length) * SLOT_SIZES[c];
    return total;
  }
}
