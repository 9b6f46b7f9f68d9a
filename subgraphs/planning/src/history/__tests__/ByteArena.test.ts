import { ByteArena, SLOT_SIZES, type SlotRef } from '../ByteArena';

describe('ByteArena', () => {
  it('gives every slot its own bytes, across slab boundaries, in classes that do not divide a slab', () => {
    const arena = new ByteArena();
    const ref: SlotRef = { bytes: new Uint8Array(0), offset: 0, size: 0 };
    for (const cls of [1, 3]) {
      // 12- and 24-byte slots: 1 MiB is not a multiple of either
      const count = ByteArena.slotsPerSlab(cls) + 5;
      const slots = Array.from({ length: count }, () => arena.allocate(cls));
      let misplaced = 0;
      for (const slot of slots) {
        const { bytes, offset, size } = arena.locate(cls, slot, ref);
        if (!Number.isInteger(offset) || offset + size > bytes.length) misplaced++;
        bytes.fill(slot % 251, offset, offset + size);
      }
      let overwritten = 0;
      for (const slot of slots) {
        const { bytes, offset, size } = arena.locate(cls, slot, ref);
        if (!bytes.subarray(offset, offset + size).every((b) => b === slot % 251)) overwritten++;
      }
      expect({ misplaced, overwritten }).toEqual({ misplaced: 0, overwritten: 0 });
      expect(arena.allocatedBytes()).toBeGreaterThanOrEqual(count * SLOT_SIZES[cls]);
    }
  });

  it('reuses released slots and sizes classes to fit', () => {
    const arena = new ByteArena();
    const a = arena.allocate(0);
    arena.allocate(0);
    arena.release(0, a);
    expect(arena.allocate(0)).toBe(a);
    expect(SLOT_SIZES[ByteArena.classFor(13)]).toBe(16);
    expect(() => ByteArena.classFor(1e9)).toThrow(RangeError);
  });
});
