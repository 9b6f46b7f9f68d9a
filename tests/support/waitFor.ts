/**
 * Polls `probe` until `done` accepts its value and returns that value. The deadline only stops a
 * broken test from hanging; nothing is asserted about how long it took.
 */
type WaitOptions = { timeoutMs?: number; everyMs?: number; what?: string };
export async function waitFor<T, S extends T>(probe: () => Promise<T>, done: (v: T) => v is S, opts?: WaitOptions): Promise<S>;
export async function waitFor<T>(probe: () => Promise<T>, done: (v: T) => boolean, opts?: WaitOptions): Promise<T>;
export async function waitFor<T>(probe: () => Promise<T>, done: (v: T) => boolean, opts: WaitOptions = {}): Promise<T> {
  const until = Date.now() + (opts.timeoutMs ?? 10_000);
  let last: T;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > until) throw new Error(`gave up waiting for ${opts.what ?? 'a condition'}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 20));
  }
}
