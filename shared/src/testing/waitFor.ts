/**
 * Polls `probe` until `done` accepts its value and returns that value: the one way tests wait for
 * something asynchronous (a feed, a pub/sub message, an expiry) instead of sleeping. The deadline
 * only stops a broken test from hanging; nothing is asserted about how long it took.
 */
export interface WaitOptions { timeoutMs?: number; everyMs?: number; what?: string }
export async function waitFor<T, S extends T>(probe: () => T | Promise<T>, done: (v: T) => v is S, opts?: WaitOptions): Promise<S>;
export async function waitFor<T>(probe: () => T | Promise<T>, done?: (v: T) => boolean, opts?: WaitOptions): Promise<T>;
export async function waitFor<T>(probe: () => T | Promise<T>, done: (v: T) => boolean = Boolean, opts: WaitOptions = {}): Promise<T> {
  const until = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    const last = await probe();
    if (done(last)) return last;
    if (Date.now() > until) throw new Error(`gave up waiting for ${opts.what ?? 'a condition'}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 10));
  }
}
