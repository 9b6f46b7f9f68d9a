// Streams a transaction export (CSV with a header row, optionally gzipped) through csv-parse
// into the TransactionCleaner. Gzip is detected from the magic bytes, not the file name.
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DemandHistoryStore } from './DemandHistoryStore';
import { TransactionCleaner, type CleanedDemand, type TransactionLine } from './TransactionCleaner';

export interface ImportOptions {
  /** called every `progressEvery` lines with the count so far and bytes read */
  onProgress?: (lines: number, bytesRead: number) => void;
  progressEvery?: number;
  cleaner?: TransactionCleaner;
}

const REQUIRED_COLUMNS = ['invoice', 'stock_code', 'quantity', 'invoice_date', 'unit_price'];

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Parses and cleans a transaction file from disk. */
export async function importTransactionsFile(path: string, opts: ImportOptions = {}): Promise<CleanedDemand> {
  const gzip = await isGzip(path);
  const raw = createReadStream(path);
  const source = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => source.destroy(e));
  let bytesRead = 0;
  raw.on('data', (chunk) => (bytesRead += chunk.length));
  return importTransactions(source, { ...opts, onProgress: opts.onProgress && ((n) => opts.onProgress!(n, bytesRead)) });
}

/** Parses and cleans a CSV byte or text stream. */
export async function importTransactions(input: Readable, opts: ImportOptions = {}): Promise<CleanedDemand> {
  const cleaner = opts.cleaner ?? new TransactionCleaner();
  const every = opts.progressEvery ?? 20000;
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase());
        const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
        if (missing.length > 0) throw new Error(`transaction file lacks column(s): ${missing.join(', ')}`);
        return names;
      },
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  input.on('error', (e) => parser.destroy(e));
  let n = 0;
  for await (const record of parser as AsyncIterable<TransactionLine>) {
    cleaner.accept(record);
    if (opts.onProgress && ++n % every === 0) opts.onProgress(n, 0);
  }
  opts.onProgress?.(n, 0);
  return cleaner.finish();
}

/** Loads cleaned demand into a history store, every code at one location. */
export function toHistoryStore(demand: CleanedDemand, location = 'ONLINE', store = new DemandHistoryStore()): DemandHistoryStore {
  const li = store.internLocation(location);
  for (const [code, values] of demand.series) {
    const si = store.internSku(code);
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) store.recordIndexed(si, li, demand.firstDay + i, values[i]);
  }
  return store;
}
