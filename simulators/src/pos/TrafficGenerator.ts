/** Ticks per second; each tick rings the whole sales that have come due. */
const TICK_MS = 100;

/**
 * Background till traffic at a steady rate. Timers are unref'd so a forgotten generator never
 * keeps a process (or a jest worker) alive.
 */
export class TrafficGenerator {
  private timer: NodeJS.Timeout | null = null;
  private rate = 0;
  private due = 0;
  private rung = 0;

  constructor(private readonly ringOne: () => boolean) {}

  setRate(salesPerSecond: number): void {
    this.stop();
    this.rate = salesPerSecond;
    if (salesPerSecond <= 0) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.rate = 0;
    this.due = 0;
  }

  status(): { salesPerSecond: number; rung: number } {
    return { salesPerSecond: this.rate, rung: this.rung };
  }

  private tick(): void {
    this.due += (this.rate * TICK_MS) / 1000;
    while (this.due >= 1) {
      this.due -= 1;
      if (this.ringOne()) this.rung++;
    }
  }
}
