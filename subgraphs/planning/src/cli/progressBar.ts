// A tiny progress bar for long CLI steps, drawn on stderr so stdout stays clean CSV. On a terminal
// it redraws one line; piped into a log it prints a line per quarter instead of a wall of \r.

export interface ProgressBar {
  update(done: number): void;
  finish(): void;
}

export interface ProgressBarOptions {
  label: string;
  total: number;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  width?: number;
}

export function createProgressBar(opts: ProgressBarOptions): ProgressBar {
  const stream = opts.stream ?? process.stderr;
  const width = opts.width ?? 30;
  const tty = Boolean(stream.isTTY);
  const started = Date.now();
  let lastPercent = -1;
  let lastQuarter = -1;
  const render = (done: number) => {
    const fraction = opts.total > 0 ? Math.min(1, Math.max(0, done / opts.total)) : 1;
    const percent = Math.floor(fraction * 100);
    if (tty) {
      if (percent === lastPercent) return;
      lastPercent = percent;
      const filled = Math.round(fraction * width);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`\r${opts.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${seconds}s`);
      return;
    }
    const quarter = Math.floor(percent / 25);
    if (quarter === lastQuarter) return;
    lastQuarter = quarter;
    stream.write(`${opts.label} ${quarter * 25}%\n`);
  };
  render(0);
  return {
    update: render,
    finish() {
      render(opts.total);
      if (tty) stream.write('\n');
    },
  };
}
