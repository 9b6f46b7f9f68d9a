import { hashLabel, mulberry32 } from './mulberry32';

const floor = Math.floor;

/** Convenience draws over mulberry32; every random choice in the simulators goes through one of these. */
export class Rng {
  private readonly draw: () => number;

  constructor(seed: number, label = '') {
    this.draw = mulberry32((seed ^ hashLabel(label)) >>> 0);
  }

  /** [0, 1) */
  next(): number {
    return this.draw();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.draw() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.draw() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick from an empty list');
    return items[floor(this.draw() * items.length)] as T;
  }

  /** Uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + this.draw() * (max - min);
  }

  /** Fisher-Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = floor(this.draw() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
