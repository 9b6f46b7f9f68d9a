/** Distinct paths kept before the rest are lumped together, so a path scan cannot grow memory. */
const MAX_DISTINCT_PATHS = 1000;
const OTHER = '(other)';

/** Counts non-admin requests since the last reset: tests prove "no legacy call was made" with it. */
export class CallCounter {
  private count = 0;
  private paths = new Map<string, number>();

  record(path: string): void {
    this.count++;
    const key = this.paths.has(path) || this.paths.size < MAX_DISTINCT_PATHS ? path : OTHER;
    this.paths.set(key, (this.paths.get(key) ?? 0) + 1);
  }

  snapshot(): { count: number; paths: Record<string, number> } {
    return { count: this.count, paths: Object.fromEntries(this.paths) };
  }

  reset(): void {
    this.count = 0;
    this.paths = new Map();
  }
}
