import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  ChecksumMismatchError,
  listImportFiles,
  loadFile,
  parseArchiveName,
  parseBinanceKlineCsv,
  parseBinanceZip,
  sha256Hex,
} from '../../market-data/import/binance-archive.ts';
import { CsvImportError, epochToMs, parseOhlcvCsv, parseTimestamp } from '../../market-data/import/csv.ts';

const T0 = Date.UTC(2024, 0, 1);

function klineCsv(count: number, unit: 'ms' | 'us' = 'ms'): string {
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = T0 + i * 300_000;
    const ts = unit === 'us' ? t * 1000 : t;
    rows.push(`${ts},42000.10,42010.00,41990.50,42005.25,12.5,${ts + (unit === 'us' ? 299_999_999 : 299_999)},525000.1,100,6.2,260000.0,0`);
  }
  return `${rows.join('\n')}\n`;
}

describe('Binance archive parsing', () => {
  it('infers symbol and interval from monthly and daily file names', () => {
    expect(parseArchiveName('/data/BTCUSDT-5m-2024-01.zip')).toEqual({ symbol: 'BTCUSDT', interval: '5m', period: 'monthly', date: '2024-01' });
    expect(parseArchiveName('ETHUSDT-1h-2024-03-05.zip')).toEqual({ symbol: 'ETHUSDT', interval: '1h', period: 'daily', date: '2024-03-05' });
    expect(parseArchiveName('BTCUSDT-1mo-2024-01.zip')?.interval).toBe('1M');
    expect(parseArchiveName('prices.csv')).toBeNull();
  });

  it('reads the 12-column CSV with millisecond and microsecond timestamps alike', () => {
    const ms = parseBinanceKlineCsv(klineCsv(3));
    const us = parseBinanceKlineCsv(klineCsv(3, 'us'));
    expect(Array.from(ms.openTime)).toEqual([T0, T0 + 300_000, T0 + 600_000]);
    expect(Array.from(us.openTime)).toEqual(Array.from(ms.openTime));
    expect(ms.close[1]).toBe(42005.25);
    expect(ms.volume[2]).toBe(12.5);
  });

  it('accepts the futures variant with a header row', () => {
    const text = `open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n${klineCsv(2)}`;
    expect(parseBinanceKlineCsv(text).openTime).toHaveLength(2);
  });

  it('unzips archives and reports bad rows with their line number', () => {
    const zip = zipSync({ 'BTCUSDT-5m-2024-01.csv': strToU8(klineCsv(10)) });
    expect(parseBinanceZip(zip).openTime).toHaveLength(10);
    const bad = klineCsv(3).replace('42005.25', 'oops');
    expect(() => parseBinanceKlineCsv(bad, 'x.csv')).toThrow(/line 1: x.csv: close "oops" is not a number/);
    expect(() => parseBinanceZip(strToU8('not a zip'), 'y.zip')).toThrow(/y.zip: not a readable zip/);
    expect(() => parseBinanceZip(zipSync({ 'readme.txt': strToU8('hi') }), 'z.zip')).toThrow(/contains no .csv/);
  });

  it('verifies a .CHECKSUM when present and rejects a corrupt archive', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-archive-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const zip = zipSync({ 'BTCUSDT-5m-2024-01.csv': strToU8(klineCsv(5)) });
    const file = path.join(dir, 'BTCUSDT-5m-2024-01.zip');
    await writeFile(file, zip);
    expect((await loadFile(file)).checksumVerified).toBe(false);
    await writeFile(`${file}.CHECKSUM`, `${sha256Hex(zip)}  BTCUSDT-5m-2024-01.zip\n`);
    const loaded = await loadFile(file);
    expect(loaded.checksumVerified).toBe(true);
    expect(loaded.name?.symbol).toBe('BTCUSDT');
    expect(loaded.candles.openTime).toHaveLength(5);
    await writeFile(`${file}.CHECKSUM`, `${'0'.repeat(64)}  BTCUSDT-5m-2024-01.zip\n`);
    await expect(loadFile(file)).rejects.toBeInstanceOf(ChecksumMismatchError);
  });

  it('lists a directory of archives in name order', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-dir-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(path.join(dir, 'BTCUSDT-5m-2024-02.zip'), zipSync({ 'a.csv': strToU8(klineCsv(1)) }));
    await writeFile(path.join(dir, 'BTCUSDT-5m-2024-01.zip'), zipSync({ 'b.csv': strToU8(klineCsv(1)) }));
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    expect((await listImportFiles(dir)).map((f) => path.basename(f))).toEqual(['BTCUSDT-5m-2024-01.zip', 'BTCUSDT-5m-2024-02.zip']);
    await expect(listImportFiles(path.join(dir, 'missing'))).rejects.toThrow(/no such file/);
  });
});

describe('generic OHLCV CSV', () => {
  it('detects epoch units by magnitude and reads ISO dates as UTC', () => {
    expect(epochToMs(1_704_067_200)).toBe(T0);
    expect(epochToMs(1_704_067_200_000)).toBe(T0);
    expect(epochToMs(1_704_067_200_000_000)).toBe(T0);
    expect(parseTimestamp('2024-01-01')).toBe(T0);
    expect(parseTimestamp('2024-01-01 00:05:00')).toBe(T0 + 300_000);
    expect(parseTimestamp('2024-01-01T01:00:00+01:00')).toBe(T0);
    expect(parseTimestamp('yesterday')).toBeNull();
  });

  it('understands common header spellings, delimiters and row orders', () => {
    const a = parseOhlcvCsv('Date,Open,High,Low,Close Price,Volume\n2024-01-02,2,3,1,2.5,10\n2024-01-01,1,2,0.5,1.5,20\n');
    expect(Array.from(a.openTime)).toEqual([T0, T0 + 86_400_000]);
    expect(Array.from(a.close)).toEqual([1.5, 2.5]);
    const b = parseOhlcvCsv('timestamp;o;h;l;c;v\n1704067200;1;2;0.5;1.5;20\n');
    expect(b.openTime[0]).toBe(T0);
    const c = parseOhlcvCsv('"open_time","open","high","low","close","Volume (BTC)"\n1704067200000,1,2,0.5,1.5,20\n1704067200000,1,2,0.5,1.5,20\n');
    expect(c.openTime).toHaveLength(1); // duplicate rows collapse
  });

  it('reads a pandas export: unnamed first column as the time, title-case headers', () => {
    const csv = ',Open,High,Low,Close,Volume\n2024-01-01 00:00:00+00:00,1,2,0.5,1.5,20\n2024-01-01 01:00:00+00:00,1.5,2.5,1,2,30\n';
    const parsed = parseOhlcvCsv(csv);
    expect(Array.from(parsed.openTime)).toEqual([T0, T0 + 3_600_000]);
    expect(Array.from(parsed.close)).toEqual([1.5, 2]);
    // A named time column wins over an unnamed first one (a row-number index).
    const indexed = parseOhlcvCsv(',Timestamp,Open,High,Low,Close,Adj Close,Volume\n0,1704067200000,1,2,0.5,1.5,1.4,20\n');
    expect([indexed.openTime[0], indexed.close[0]]).toEqual([T0, 1.5]);
  });

  it('fails clearly on missing columns and bad values, with line numbers', () => {
    expect(() => parseOhlcvCsv('time,open,high,low,close\n1,1,1,1,1')).toThrow(/lacks column\(s\) volume/);
    expect(() => parseOhlcvCsv('time,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,20\nsoon,1,2,0.5,1.5,20')).toThrow(/line 3: cannot read timestamp "soon"/);
    expect(() => parseOhlcvCsv('time,open,high,low,close,volume\n2024-01-01,1,2,,1.5,20')).toThrow(/line 2: low "" is not a number/);
    expect(() => parseOhlcvCsv('')).toThrow(CsvImportError);
  });
});
