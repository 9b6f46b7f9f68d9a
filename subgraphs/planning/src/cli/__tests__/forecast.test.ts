import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { fromEpochDay, toEpochDay } from '../../history/calendarDay';
import { mulberry32, poisson } from '../../engine/testing/syntheticDemand';
import { parseCliArgs, runForecastCli } from '../forecast';
import { createProgressBar } from '../progressBar';

/** A small export: four codes selling on fewer and fewer days, no trade on Saturdays. */
function exportCsv(): string {
  const rand = mulberry32(3);
  const lines = ['invoice,stock_code,description,quantity,invoice_date,unit_price,customer_id,country'];
  const first = toEpochDay('2011-03-01');
  let invoice = 500000;
  for (let d = 0; d < 120; d++) {
    const date = fromEpochDay(first + d);
    if (new Date(`${date}T00:00:00Z`).getUTCDay() === 6) continue;
    ['AAA01', 'BBB02', 'CCC03', 'DDD04'].forEach((code, k) => {
      const q = poisson(rand, [12, 6, 2, 0.3][k]);
      if (q > 0) lines.push(`"${invoice++}","${code}","ITEM ${k}",${q},"${date} 10:00:00",1.5,${17000 + k},"United Kingdom"`);
    });
  }
  return lines.join('\n') + '\n';
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('forecast CLI', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'planning-cli-'));
    file = join(dir, 'transactions.csv.gz');
    writeFileSync(file, gzipSync(exportCsv()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes sku,date,quantity for the top codes by selling days, one row per day after the file', async () => {
    const out = collect();
    const err = collect();
    await runForecastCli({ input: file, horizon: 10, top: 3, capK: 5 }, out.stream, err.stream);
    const rows = out.text().trim().split('\n');
    expect(rows[0]).toBe('sku,date,quantity');
    expect(rows).toHaveLength(1 + 3 * 10);
    const parsed = rows.slice(1).map((r) => r.split(','));
    expect([...new Set(parsed.map((r) => r[0]))]).toEqual(['AAA01', 'BBB02', 'CCC03']);
    expect(parsed.slice(0, 10).map((r) => r[1])).toEqual(Array.from({ length: 10 }, (_, h) => fromEpochDay(toEpochDay('2011-06-28') + 1 + h)));
    for (const r of parsed) expect(Number(r[2])).toBeGreaterThanOrEqual(0);
    // Saturdays never traded, so they are forecast as 0; the busiest code sells more than the slowest
    const saturday = parsed.find((r) => r[0] === 'AAA01' && new Date(`${r[1]}T00:00:00Z`).getUTCDay() === 6)!;
    expect(Number(saturday[2])).toBe(0);
    const total = (code: string) => parsed.filter((r) => r[0] === code).reduce((s, r) => s + Number(r[2]), 0);
    expect(total('AAA01')).toBeGreaterThan(total('CCC03'));
    expect(err.text()).toMatch(/forecasting 100%/);
  });

  it('runs as `npm run forecast` with CSV on stdout only', async () => {
    const root = resolve(__dirname, '../../../../..');
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((ok, fail) =>
      execFile('npm', ['run', '--silent', 'forecast', '--', '--input', file, '--horizon', '7', '--top', '2'], { cwd: root }, (e, stdout, stderr) =>
        e ? fail(e) : ok({ stdout, stderr }),
      ),
    );
    const rows = stdout.trim().split('\n');
    expect(rows[0]).toBe('sku,date,quantity');
    expect(rows).toHaveLength(1 + 2 * 7);
    expect(stderr).toMatch(/reading/);
  }, 60_000);

  it('adds one column per --quantiles level, ordered low to high, with the median as quantity', async () => {
    const out = collect();
    await runForecastCli({ input: file, horizon: 14, top: 2, capK: 5, quantiles: [0.1, 0.5, 0.9] }, out.stream, collect().stream);
    const rows = out.text().trim().split('\n');
    expect(rows[0]).toBe('sku,date,quantity,q0.1,q0.5,q0.9');
    const parsed = rows.slice(1).map((r) => r.split(',').map((v, k) => (k < 2 ? v : Number(v))));
    expect(parsed).toHaveLength(28);
    for (const r of parsed) {
      expect(r[2]).toBe(r[4]);
      expect(r[3] as number).toBeLessThanOrEqual(r[4] as number);
      expect(r[4] as number).toBeLessThanOrEqual(r[5] as number);
    }
    // AAA01 sells ~12 a day: its 90% quantile is well above its 10% one on trading days
    const monday = parsed.find((r) => r[0] === 'AAA01' && new Date(`${r[1]}T00:00:00Z`).getUTCDay() === 1)!;
    expect((monday[5] as number) - (monday[3] as number)).toBeGreaterThan(3);
    expect(() => parseCliArgs(['--input', 'x', '--quantiles', '0.1,1.2'])).toThrow(/quantiles/);
    expect(parseCliArgs(['--input', 'x', '--quantiles', '0.25,0.75']).quantiles).toEqual([0.25, 0.75]);
  });

  it('fails cleanly on a missing file', async () => {
    await expect(runForecastCli({ input: join(dir, 'missing.csv'), horizon: 7, top: 1, capK: 5 }, collect().stream, collect().stream)).rejects.toThrow(/ENOENT/);
  });

  it('validates its arguments', () => {
    expect(parseCliArgs(['--input', 'x.csv'])).toEqual({ input: 'x.csv', horizon: 28, top: 100, capK: 5, method: 'pooled', quantiles: undefined });
    expect(() => parseCliArgs(['--horizon', '0'])).toThrow(/--input is required.*--horizon/s);
    expect(() => parseCliArgs(['--input', 'x', '--top', '2.5'])).toThrow(/--top/);
    expect(() => parseCliArgs(['--input', 'x', '--nope'])).toThrow();
  });
});

describe('progress bar', () => {
  it('redraws one line on a terminal and prints quarters otherwise', () => {
    const tty = collect();
    (tty.stream as unknown as { isTTY: boolean }).isTTY = true;
    const bar = createProgressBar({ label: 'work', total: 4, stream: tty.stream, width: 4 });
    bar.update(2);
    bar.finish();
    expect(tty.text()).toContain('\rwork [##..]  50%');
    expect(tty.text().endsWith('\n')).toBe(true);

    const log = collect();
    const quiet = createProgressBar({ label: 'work', total: 100, stream: log.stream });
    for (let i = 1; i <= 100; i++) quiet.update(i);
    quiet.finish();
    expect(log.text()).toBe('work 0%\nwork 25%\nwork 50%\nwork 75%\nwork 100%\n');
  });
});
