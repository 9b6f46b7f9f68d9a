/** Polls until `check` passes; the bound only stops a broken implementation from hanging the run. */
export async function waitFor(check: () => boolean, what: string, boundMs = 5000): Promise<void> {
  const until = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
