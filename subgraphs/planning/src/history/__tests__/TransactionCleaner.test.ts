import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toEpochDay } from '../calendarDay';
import { importTransactions, importTransactionsFile, toHistoryStore } from '../importTransactions';
import type { CleanedDemand } from '../TransactionCleaner';

const HEADER = 'invoice,stock_code,description,quantity,invoice_date,unit_price,customer_id,country';
// one line per rule; the comment says what each must do to demand
const LINES = [
  '"1001","85123A","WHITE HEART",6,"2011-01-03 09:00:00",2.55,17850,"United Kingdom"', // sale: +6 on 01-03
  '"1001","85123A","WHITE HEART",6,"2011-01-03 09:00:00",2.55,17850,"United Kingdom"', // exact duplicate: skipped
  '"1002","85123a","white heart",4,"2011-01-04 10:00:00",2.55,12000,"France"', // lower-case code: +4 on 01-04
  '"1003","POST","POSTAGE",1,"2011-01-04 10:00:00",18,12000,"France"', // postage: skipped
  '"1003","gift_0001_20","voucher",1,"2011-01-04 10:00:00",16.67,12000,"France"', // voucher: skipped
  '"1004","DCGSSBOY","BOYS PARTY BAG",2,"2011-01-04 11:00:00",3.29,,"United Kingdom"', // DCGS item: +2
  '"1005","23166","JAR",74215,"2011-01-05 10:01:00",1.04,12346,"United Kingdom"', // huge order …
  '"C1006","23166","JAR",-74215,"2011-01-05 10:17:00",1.04,12346,"United Kingdom"', // … cancelled: 0 left
  '"1007","21108","CAKE STAND",100,"2011-01-05 12:00:00",2.1,15749,"United Kingdom"', // sale on 01-05 …
  '"C1008","21108","CAKE STAND",-100,"2011-01-10 08:00:00",2.1,15749,"United Kingdom"', // … cancelled 01-10 …
  '"1009","21108","CAKE STAND",100,"2011-01-10 08:12:00",1.9,15749,"United Kingdom"', // … re-invoiced: stays on 01-05
  '"1010","22423","REGENCY CAKESTAND",10,"2011-01-06 09:00:00",12.75,14000,"United Kingdom"', // +10 on 01-06 …
  '"1011","22423","REGENCY CAKESTAND",5,"2011-01-07 09:00:00",12.75,14000,"United Kingdom"', // +5 on 01-07 …
  '"C1012","22423","REGENCY CAKESTAND",-8,"2011-01-07 15:00:00",12.75,14000,"United Kingdom"', // … −5 on 01-07, −3 on 01-06
  '"C1013","22960","JAM MAKING SET",-3,"2011-01-07 15:00:00",4.25,14000,"United Kingdom"', // no earlier sale: dropped
  '"1014","23005","printing smudges/thrown away",-9600,"2011-01-07 16:00:00",0,,"United Kingdom"', // write-off: skipped
  '"1015","37413","",5568,"2011-01-07 16:00:00",0,,"United Kingdom"', // zero price: skipped
  '"A1016","B","Adjust bad debt",1,"2011-01-07 17:00:00",-11062.06,,"United Kingdom"', // bad debt: skipped
  '"1017","84879","BIRD ORNAMENT",8,"not a date",1.69,13000,"United Kingdom"', // malformed: skipped
  '"1018","84879","BIRD ORNAMENT",8,"2011-01-10 18:00:00",1.69,13000,"United Kingdom"', // +8 on 01-10
];

const at = (d: CleanedDemand, code: string, date: string) => d.series.get(code)?.[toEpochDay(date) - d.firstDay] ?? NaN;

describe('TransactionCleaner and importer', () => {
  let demand: CleanedDemand;
  beforeAll(async () => {
    demand = await importTransactions(Readable.from([`${HEADER}\n${LINES.join('\n')}\n`]));
  });

  it('builds daily series over every calendar day of the file, zeros included', () => {
    expect(demand.firstDay).toBe(toEpochDay('2011-01-03'));
    expect(demand.lastDay).toBe(toEpochDay('2011-01-10'));
    expect(Array.from(demand.series.get('85123A')!)).toEqual([6, 4, 0, 0, 0, 0, 0, 0]);
  });

  it('applies each cleaning rule', () => {
    expect(demand.series.has('POST')).toBe(false);
    expect(demand.series.has('GIFT_0001_20')).toBe(false);
    expect(at(demand, 'DCGSSBOY', '2011-01-04')).toBe(2);
    expect(at(demand, '23166', '2011-01-05')).toBe(0);
    expect(at(demand, '21108', '2011-01-05')).toBe(100);
    expect(at(demand, '21108', '2011-01-10')).toBe(0);
    expect(at(demand, '22423', '2011-01-06')).toBe(7);
    expect(at(demand, '22423', '2011-01-07')).toBe(0);
    expect(demand.series.has('22960')).toBe(false);
    expect(demand.series.has('23005')).toBe(false);
    expect(demand.series.has('37413')).toBe(false);
    expect(at(demand, '84879', '2011-01-10')).toBe(8);
    expect(demand.stats).toMatchObject({
      lines: 20, duplicates: 1, nonProduct: 2, badDebt: 1, writeOffs: 1, zeroPrice: 1, malformed: 1, reinvoices: 1,
      cancellations: 4, cancelledUnitsMatched: 74215 + 100 + 8, cancelledUnitsDropped: 3,
    });
    expect(demand.sellingDays.get('22423')).toBe(1);
  });

  it('reads gzipped files, detected by content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planning-import-'));
    try {
      const file = join(dir, 'transactions.data');
      writeFileSync(file, gzipSync(`${HEADER}\n${LINES.join('\n')}\n`));
      const fromGzip = await importTransactionsFile(file);
      expect(fromGzip.stats).toEqual(demand.stats);
      expect(Array.from(fromGzip.series.get('22423')!)).toEqual(Array.from(demand.series.get('22423')!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file without the required columns', async () => {
    await expect(importTransactions(Readable.from(['a,b,c\n1,2,3\n']))).rejects.toThrow(/lacks column/);
  });

  it('loads into the history store', () => {
    const store = toHistoryStore(demand);
    expect(Array.from(store.series('22423', 'ONLINE', demand.lastDay, 8))).toEqual(Array.from(demand.series.get('22423')!));
  });
});
