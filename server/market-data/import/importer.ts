import type { Pool } from 'pg';
import { insertCandles } from '../candle-store.ts';
import { type Gap, findGaps, missingOpenTimes } from '../gaps.ts';
import { type Interval, isInterval, nextOpenTime } from '../../../domain/intervals.ts';
import { SYNTHETIC_PREFIX, isSyntheticSymbol } from '../synthetic.ts';
import { SymbolSyntaxError, parseMarketSymbol } from '../../../domain/symbols.ts';
import { CandleDataError, validateColumns } from '../candle-store.ts';
import { ChecksumMismatchError, listImportFiles, loadFile, parseBinanceKlineCsv, parseBinanceZip, verifyChecksum } from './binance-archive.ts';
import { CsvImportError, type ParsedCandles, parseOhlcvCsv } from './csv.ts';
import { CrcMismatchError } from './zip-integrity.ts';

/**
 * Import = parse + idempotent insert + a gap report over the file's own span, so a user learns
 * exactly which candles their file lacks (re-importing the same file inserts nothing).
 */

export type ImportFormat = 'BINANCE_ARCHIVE' | 'BINANCE_CSV' | 'CSV';

export interface ImportGap extends Gap {
  readonly missingOpenTimes: number[];
}

export interface ImportResult {
  readonly symbol: string;
  readonly interval: Interval;
  readonly files: number;
  readonly rowsParsed: number;
  readonly rowsInserted: number;
  readonly firstOpenTime: number | null;
  readonly lastOpenTime: number | null;
  readonly gaps: ImportGap[];
  readonly checksumsVerified: number;
}

export function normaliseSymbol(symbol: string): string {
  let s: string;
  try {
    s = parseMarketSymbol(symbol).key;
  } catch (error) {
    if (error instanceof SymbolSyntaxError) throw new CsvImportError(`Symbol "${symbol.slice(0, 60)}" is not valid: ${error.reason}`);
    throw error;
  }
  if (isSyntheticSymbol(s)) throw new CsvImportError(`Symbol prefix ${SYNTHETIC_PREFIX} is reserved for generated sample data; import real data under its real name`);
  return s;
}

function requireInterval(value: string | undefined, from: string): Interval {
  if (!value) throw new CsvImportError(`No interval given and none can be inferred from ${from}; pass --interval (e.g. 5m)`);
  if (!isInterval(value)) throw new CsvImportError(`Unknown interval "${value}"`);
  return value;
}

/** Gaps across all parts together, so a candle missing at a month boundary is reported too. */
function importGaps(parts: ParsedCandles[], interval: Interval): ImportGap[] {
  const times = new Float64Array(parts.reduce((s, p) => s + p.openTime.length, 0));
  let o = 0;
  for (const p of parts) {
    times.set(p.openTime, o);
    o += p.openTime.length;
  }
  times.sort();
  const n = times.length;
  if (n === 0) return [];
  const gaps = findGaps(times, interval, times[0], nextOpenTime(interval, times[n - 1]));
  return gaps.map((g) => ({ ...g, missingOpenTimes: missingOpenTimes(g, interval, 1000) }));
}

/** Why an import was refused (README, "Market data"), and where when known; null for an error that is no refusal. */
export function importRefusal(error: unknown): { reason: string; line?: number; row?: number } | null {
  if (error instanceof ChecksumMismatchError || error instanceof CrcMismatchError) return { reason: error.code };
  if (error instanceof CsvImportError) return { reason: error.reason, ...(error.line === null ? {} : { line: error.line }) };
  if (error instanceof CandleDataError) return { reason: error.reason, row: error.row };
  return null;
}

async function store(pool: Pool, symbol: string, interval: Interval, parts: ParsedCandles[], checksumsVerified: number): Promise<ImportResult> {
  let rowsInserted = 0;
  let rowsParsed = 0;
  const gaps = importGaps(parts, interval);
  let first: number | null = null;
  let last: number | null = null;
  for (const candles of parts) {
    rowsInserted += await insertCandles(pool, symbol, interval, candles);
    rowsParsed += candles.rows;
    const n = candles.openTime.length;
    if (n) {
      first = first === null ? candles.openTime[0] : Math.min(first, candles.openTime[0]);
      last = last === null ? candles.openTime[n - 1] : Math.max(last, candles.openTime[n - 1]);
    }
  }
  return { symbol, interval, files: parts.length, rowsParsed, rowsInserted, firstOpenTime: first, lastOpenTime: last, gaps, checksumsVerified };
}

export interface UploadedCandles {
  readonly symbol: string;
  readonly interval: string;
  readonly format: ImportFormat;
  /** Zip archives arrive base64-encoded, CSV as text. */
  readonly content: string;
  /** The file's Binance `.CHECKSUM` (`<sha256>  <name>`) or its SHA-256 in hex, checked against the file's bytes. */
  readonly checksum?: string | null;
}

/** Uploaded content, checked (checksum, zip CRCs, every candle) before anything is stored. */
export async function importContent(pool: Pool, input: UploadedCandles): Promise<ImportResult> {
  const symbol = normaliseSymbol(input.symbol);
  const interval = requireInterval(input.interval, 'uploaded content');
  if (input.content.length === 0) throw new CsvImportError('content is empty');
  const archive = input.format === 'BINANCE_ARCHIVE';
  const bytes = archive ? Buffer.from(input.content, 'base64') : Buffer.from(input.content, 'utf8');
  const fileName = archive ? 'upload.zip' : 'upload.csv';
  const verified = input.checksum ? verifyChecksum(bytes, input.checksum, fileName) : false;
  let candles: ParsedCandles;
  if (archive) {
    if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new CsvImportError('BINANCE_ARCHIVE content must be a base64-encoded .zip file');
    candles = parseBinanceZip(bytes, fileName);
  } else if (input.format === 'BINANCE_CSV') candles = parseBinanceKlineCsv(input.content, fileName);
  else candles = parseOhlcvCsv(input.content);
  return store(pool, symbol, interval, [candles], verified ? 1 : 0);
}

/** Files of an import from disk refused, each for its reason (importRefusal); nothing of the import was stored. */
export class FilesRefusedError extends Error {
  constructor(readonly refusals: ReadonlyArray<{ readonly file: string; readonly reason: string; readonly message: string }>) {
    super(refusals.map((r) => `${r.file} (${r.reason}): ${r.message}`).join('; '));
    this.name = 'FilesRefusedError';
  }
}

/**
 * A file or directory on the server (the import script). Symbol/interval default to the Binance file
 * names. Every file is read and checked before any is stored; when some are refused, nothing is
 * stored and FilesRefusedError lists each of them, so one run tells of every bad file.
 */
export async function importPath(pool: Pool, target: string, options: { symbol?: string; interval?: string } = {}): Promise<ImportResult[]> {
  const files = await listImportFiles(target);
  const groups = new Map<string, { symbol: string; interval: Interval; parts: ParsedCandles[]; verified: number }>();
  const refusals: Array<{ file: string; reason: string; message: string }> = [];
  for (const file of files) {
    try {
      const loaded = await loadFile(file);
      const rawSymbol = options.symbol ?? loaded.name?.symbol;
      if (!rawSymbol) throw new CsvImportError(`No symbol given and none can be inferred from ${file}; pass --symbol`);
      const symbol = normaliseSymbol(rawSymbol);
      const interval = requireInterval(options.interval ?? loaded.name?.interval, file);
      validateColumns(symbol, interval, loaded.candles);
      const key = `${symbol}|${interval}`;
      const group = groups.get(key) ?? { symbol, interval, parts: [], verified: 0 };
      group.parts.push(loaded.candles);
      if (loaded.checksumVerified) group.verified++;
      groups.set(key, group);
    } catch (error) {
      const refusal = importRefusal(error);
      if (!refusal) throw error;
      refusals.push({ file, reason: refusal.reason, message: (error as Error).message });
    }
  }
  if (refusals.length) throw new FilesRefusedError(refusals);
  const results: ImportResult[] = [];
  for (const g of groups.values()) results.push(await store(pool, g.symbol, g.interval, g.parts, g.verified));
  return results;
}
