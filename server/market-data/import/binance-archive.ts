import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { type Interval, isInterval } from '../../../domain/intervals.ts';
import { CsvImportError, type ParsedCandles, epochToMs, parseOhlcvCsv, sortAndDedupe } from './csv.ts';
import { verifyEntryCrcs } from './zip-integrity.ts';
import { clipInput } from '../../graphql/error-policy.ts';

/**
 * Binance public-data archives (data.binance.vision): SYMBOL-INTERVAL-YYYY-MM[-DD].zip holding one
 * headerless 12-column CSV (futures files add a header). Since 2025 spot files carry microsecond
 * timestamps, so units are decided per value by magnitude. A sibling `.CHECKSUM` file
 * (`<sha256>  <name>`) is verified when present.
 */

export class ChecksumMismatchError extends Error {
  readonly code = 'CHECKSUM_MISMATCH';
  constructor(file: string, expected: string, actual: string) {
    super(`${file}: SHA-256 is ${actual} but the .CHECKSUM file says ${expected}; the download is corrupt or incomplete`);
    this.name = 'ChecksumMismatchError';
  }
}

export interface ArchiveName {
  readonly symbol: string;
  readonly interval: Interval;
  readonly period: 'monthly' | 'daily';
  readonly date: string;
}

const NAME = /^([A-Z0-9]+)-(1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1mo|1M)-(\d{4}-\d{2}(?:-\d{2})?)\.(zip|csv)$/;

export function parseArchiveName(fileName: string): ArchiveName | null {
  const m = NAME.exec(path.basename(fileName));
  if (!m) return null;
  // Binance names monthly bars "1mo" in file names where a case-insensitive filesystem would clash with 1m.
  const interval = m[2] === '1mo' ? '1M' : m[2];
  if (!isInterval(interval)) return null;
  return { symbol: m[1], interval, period: m[3].length === 7 ? 'monthly' : 'daily', date: m[3] };
}

/** The 12-column kline CSV; only the first six columns are kept. */
export function parseBinanceKlineCsv(text: string, fileName = 'archive'): ParsedCandles {
  const lines = text.split(/\r?\n/);
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first < lines.length && /[a-z]/i.test(lines[first].split(',')[0])) {
    // Futures archives start with a header; a generic parse handles its column names.
    if (/open_time/i.test(lines[first])) return parseOhlcvCsv(lines.slice(first).join('\n'));
    throw new CsvImportError(`${fileName}: not a Binance kline CSV (first row "${lines[first].slice(0, 60)}")`, first + 1);
  }
  const n = lines.length;
  const cols = { openTime: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let k = 0;
  for (let i = first; i < n; i++) {
    const line = lines[i];
    if (line === '') continue;
    const c = line.split(',');
    if (c.length < 6) throw new CsvImportError(`${fileName}: expected 12 columns, found ${c.length}`, i + 1);
    const t = Number(c[0]);
    if (!Number.isFinite(t)) throw new CsvImportError(`${fileName}: open time "${clipInput(c[0])}" is not a number`, i + 1, 'NON_FINITE');
    cols.openTime[k] = epochToMs(t);
    cols.open[k] = Number(c[1]);
    cols.high[k] = Number(c[2]);
    cols.low[k] = Number(c[3]);
    cols.close[k] = Number(c[4]);
    cols.volume[k] = Number(c[5]);
    for (const f of ['open', 'high', 'low', 'close', 'volume'] as const) {
      if (!Number.isFinite(cols[f][k])) throw new CsvImportError(`${fileName}: ${f} "${clipInput(c[['open', 'high', 'low', 'close', 'volume'].indexOf(f) + 1])}" is not a number`, i + 1, 'NON_FINITE');
    }
    k++;
  }
  if (k === 0) throw new CsvImportError(`${fileName}: no candles`);
  const sub = (a: Float64Array) => a.subarray(0, k);
  return sortAndDedupe({ openTime: sub(cols.openTime), open: sub(cols.open), high: sub(cols.high), low: sub(cols.low), close: sub(cols.close), volume: sub(cols.volume) });
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Returns true when verified; throws on mismatch. The checksum text is `<hex>  <filename>`. */
export function verifyChecksum(bytes: Uint8Array, checksumText: string, fileName: string): true {
  const expected = checksumText.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new CsvImportError(`${fileName}.CHECKSUM does not contain a SHA-256 hex digest`);
  const actual = sha256Hex(bytes);
  if (actual !== expected) throw new ChecksumMismatchError(fileName, expected, actual);
  return true;
}

/** Unzips an archive and parses every CSV inside (Binance archives hold exactly one). */
export function parseBinanceZip(bytes: Uint8Array, fileName = 'archive.zip'): ParsedCandles {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => f.name.toLowerCase().endsWith('.csv') });
  } catch (error) {
    throw new CsvImportError(`${fileName}: not a readable zip archive (${(error as Error).message})`);
  }
  const names = Object.keys(entries);
  if (names.length === 0) throw new CsvImportError(`${fileName}: the zip archive contains no .csv file`);
  verifyEntryCrcs(bytes, entries, fileName);
  const parts = names.map((name) => parseBinanceKlineCsv(new TextDecoder().decode(entries[name]), name));
  if (parts.length === 1) return parts[0];
  const concat = (key: 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume') => {
    const out = new Float64Array(parts.reduce((s, p) => s + p[key].length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p[key], o);
      o += p[key].length;
    }
    return out;
  };
  return sortAndDedupe({ openTime: concat('openTime'), open: concat('open'), high: concat('high'), low: concat('low'), close: concat('close'), volume: concat('volume') });
}

export interface LoadedFile {
  readonly file: string;
  /** From the Binance file name when it follows the archive convention, else null. */
  readonly name: ArchiveName | null;
  readonly candles: ParsedCandles;
  /** True when a .CHECKSUM was present and matched; false when there was none. */
  readonly checksumVerified: boolean;
}

export type FileFormat = 'BINANCE_ARCHIVE' | 'CSV';

/** Reads one file: .zip as a Binance archive, .csv as Binance kline CSV if it looks like one, else generic. */
export async function loadFile(file: string): Promise<LoadedFile> {
  const bytes = await readFile(file);
  const name = parseArchiveName(file);
  const checksumFile = `${file}.CHECKSUM`;
  let checksumVerified = false;
  if (existsSync(checksumFile)) checksumVerified = verifyChecksum(bytes, await readFile(checksumFile, 'utf8'), path.basename(file));
  const base = path.basename(file);
  if (file.toLowerCase().endsWith('.zip')) return { file, name, candles: parseBinanceZip(bytes, base), checksumVerified };
  const text = new TextDecoder().decode(bytes);
  const firstCell = text.trimStart().split(/[,\n]/, 1)[0];
  const candles = /^\d+$/.test(firstCell) ? parseBinanceKlineCsv(text, base) : parseOhlcvCsv(text);
  return { file, name, candles, checksumVerified };
}

/** A file, or every .zip/.csv in a directory (sorted by name, so months import in order). */
export async function listImportFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new CsvImportError(`${target}: no such file or directory`);
  if (info.isFile()) return [target];
  const names = (await readdir(target)).filter((n) => /\.(zip|csv)$/i.test(n)).sort();
  if (names.length === 0) throw new CsvImportError(`${target}: the directory holds no .zip or .csv files`);
  return names.map((n) => path.join(target, n));
}
