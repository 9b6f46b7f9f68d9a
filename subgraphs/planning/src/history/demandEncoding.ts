// The byte encoding of one series: a run of entries in day order, each a gap (days since the
// previous entry; the first entry's gap counts from the day before the series' first day, so every
// gap is ≥ 1) and a quantity. Most selling days of most series are a few units a few days apart,
// so those get one byte:
//   0ggg qqqq                  gap 1–8, quantity 1–16 (stored minus one)
// and everything else an escape:
//   1ggg gggg [varint]         gap − 1 in 7 bits; 127 means "gap − 128 follows as a varint"
//   varint v                   quantity: v = 2·zigzag(q) for an integer |q| < 2^28, else v = 1 and
//                              the float32 bytes follow
// Varints are unsigned LEB128.

const INT_LIMIT = 1 << 28;
const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);

function packable(gap: number, q: number): boolean {
  return gap <= 8 && q >= 1 && q <= 16 && Number.isInteger(q);
}

export function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(bytes: Uint8Array, offset: number, v: number): number {
  while (v >= 0x80) {
    bytes[offset++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  bytes[offset++] = v;
  return offset;
}

function quantityCode(q: number): number {
  return Number.isInteger(q) && Math.abs(q) < INT_LIMIT ? (q < 0 ? -2 * q - 1 : 2 * q) * 2 : 1;
}

/** Bytes one entry takes. */
export function entryLength(gap: number, q: number): number {
  if (packable(gap, q)) return 1;
  const code = quantityCode(q);
  return 1 + (gap - 1 >= 127 ? varintLength(gap - 128) : 0) + (code === 1 ? 5 : varintLength(code));
}

/** Writes one entry at `offset` and returns the offset after it. */
export function writeEntry(bytes: Uint8Array, offset: number, gap: number, q: number): number {
  if (!(gap >= 1)) throw new RangeError('entry gap must be at least 1');
  if (packable(gap, q)) {
    bytes[offset] = ((gap - 1) << 4) | (q - 1);
    return offset + 1;
  }
  if (gap - 1 >= 127) {
    bytes[offset++] = 0xff;
    offset = writeVarint(bytes, offset, gap - 128);
  } else bytes[offset++] = 0x80 | (gap - 1);
  const code = quantityCode(q);
  offset = writeVarint(bytes, offset, code);
  if (code !== 1) return offset;
  f32[0] = q;
  bytes.set(f32Bytes, offset);
  return offset + 4;
}

/** A cursor that decodes entries; `read` returns false at the end. */
export class EntryReader {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  gap = 0;
  quantity = 0;
  /** where the entry just read starts */
  entryOffset = 0;

  reset(bytes: Uint8Array, offset: number, length: number): this {
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
    return this;
  }

  read(): boolean {
    if (this.pos >= this.end) return false;
    this.entryOffset = this.pos;
    const b = this.bytes[this.pos++];
    if (b < 0x80) {
      this.gap = (b >> 4) + 1;
      this.quantity = (b & 15) + 1;
      return true;
    }
    this.gap = b === 0xff ? 128 + this.varint() : (b & 0x7f) + 1;
    const v = this.varint();
    if (v !== 1) {
      const z = v / 2;
      this.quantity = z % 2 === 1 ? -(z + 1) / 2 : z / 2;
      return true;
    }
    if (this.pos + 4 > this.end) throw new RangeError('truncated entry in demand history');
    f32Bytes.set(this.bytes.subarray(this.pos, this.pos + 4));
    this.pos += 4;
    this.quantity = f32[0];
    return true;
  }

  private varint(): number {
    let v = 0;
    let scale = 1;
    while (this.pos < this.end) {
      const b = this.bytes[this.pos++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
    throw new RangeError('truncated varint in demand history');
  }
}
