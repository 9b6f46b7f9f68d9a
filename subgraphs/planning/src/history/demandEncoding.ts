// The byte encoding of one series: a run of (gap, quantity) entries in day order. The gap is the
// number of days since the previous entry (0 for the first, whose day the store keeps aside) as
// an unsigned LEB128 varint. The quantity is a varint v: an integer q (|q| < 2^28) is stored as
// v = zigzag(q)·2, so the usual 1–60 units take one byte; anything else is v = 1 followed by the
// float32 bytes. A typical day with sales costs 2 bytes; a day without costs nothing.

const INT_LIMIT = 1 << 28;
const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);

export function encodedQuantityLength(q: number): number {
  if (Number.isInteger(q) && Math.abs(q) < INT_LIMIT) return varintLength((q < 0 ? -2 * q - 1 : 2 * q) * 2);
  return 5;
}

export function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

export function writeVarint(bytes: Uint8Array, offset: number, v: number): number {
  while (v >= 0x80) {
    bytes[offset++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  bytes[offset++] = v;
  return offset;
}

export function writeQuantity(bytes: Uint8Array, offset: number, q: number): number {
  if (Number.isInteger(q) && Math.abs(q) < INT_LIMIT) return writeVarint(bytes, offset, (q < 0 ? -2 * q - 1 : 2 * q) * 2);
  bytes[offset++] = 1;
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
  /** offset of the current entry's quantity field */
  quantityOffset = 0;

  reset(bytes: Uint8Array, offset: number, length: number): this {
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
    return this;
  }

  read(): boolean {
    if (this.pos >= this.end) return false;
    this.gap = this.varint();
    this.quantityOffset = this.pos;
    this.quantity = this.readQuantity();
    return true;
  }

  /** Decodes one quantity field at the cursor. */
  readQuantity(): number {
    const v = this.varint();
    if (v !== 1) {
      const z = v / 2;
      return z % 2 === 1 ? -(z + 1) / 2 : z / 2;
    }
    f32Bytes.set(this.bytes.subarray(this.pos, this.pos + 4));
    this.pos += 4;
    return f32[0];
  }

  private varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.bytes[this.pos++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
  }
}
