import type { Pool } from 'pg';
import { CsvImportError } from './import/csv.ts';
import { insertFundingRates } from './funding-store.ts';
import { isBinanceSymbol } from '../../domain/symbols.ts';

/**
 * Funding-rate history from CSV, in the forms people have it:
 *   - `symbol,fundingTime,fundingRate` (the fields of Binance's GET /fapi/v1/fundingRate);
 *   - Binance's funding-rate history export: `Time,Contracts,Funding Interval,Funding Rate`, the contract
 *     ("BTCUSDT" or "BTCUSDT Perpetual") naming the symbol and the rate often a percent ("0.0100%");
 *   - Binance's public-data archive (data.binance.vision …/fundingRate/): `calc_time,funding_interval_hours,last_funding_rate`;
 *   - `time,rate`, with or without a header.
 * Times are epoch milliseconds or ISO 8601 / `YYYY-MM-DD HH:MM:SS` read as UTC; rates are fractions or percents.
 * A file without a symbol column needs the symbol named. The whole file is checked before anything is
 * stored: one bad row refuses it all (CsvImportError with its line), and the insert is one transaction,
 * idempotent on (symbol, funding time).
 */

export interface FundingRows {
  readonly symbol: string;
  readonly timeMs: number[];
  readonly rate: number[];
}

export interface FundingImportResult {
  readonly rowsParsed: number;
  readonly rowsInserted: number;
  readonly symbols: ReadonlyArray<{ readonly symbol: string; readonly rowsParsed: number; readonly rowsInserted: number; readonly firstMs: number; readonly lastMs: number }>;
}

/** Header names (lower case, without spaces, "_" and "-") of each column role. */
const SYMBOL_COLUMNS = ['symbol', 'contracts', 'contract'];
const TIME_COLUMNS = ['fundingtime', 'time', 'calctime', 'timestamp'];
const RATE_COLUMNS = ['fundingrate', 'rate', 'lastfundingrate'];

const normalise = (cell: string) => cell.toLowerCase().replace(/[\s_-]/g, '');

interface Layout {
  readonly symbol: number | null;
  readonly time: number;
  readonly rate: number;
  readonly hasHeader: boolean;
}

function layoutOf(first: readonly string[]): Layout {
  const names = first.map(normalise);
  const find = (roles: readonly string[]) => {
    for (const role of roles) {
      const at = names.indexOf(role);
      if (at >= 0) return at;
    }
    return -1;
  };
  const time = find(TIME_COLUMNS), rate = find(RATE_COLUMNS), symbol = find(SYMBOL_COLUMNS);
  if (time >= 0 && rate >= 0) return { symbol: symbol >= 0 ? symbol : null, time, rate, hasHeader: true };
  if (time >= 0 || rate >= 0 || Number.isNaN(timeOf(first[first.length === 3 ? 1 : 0] ?? ''))) {
    throw new CsvImportError(`cannot tell the time and rate columns from the header "${first.join(',').slice(0, 120)}" (expected e.g. symbol,fundingTime,fundingRate or time,rate)`, 1);
  }
  if (first.length === 2) return { symbol: null, time: 0, rate: 1, hasHeader: false };
  if (first.length === 3) return { symbol: 0, time: 1, rate: 2, hasHeader: false };
  throw new CsvImportError(`a funding row without a header has 2 columns (time,rate) or 3 (symbol,time,rate), not ${first.length}`, 1);
}

/** Epoch milliseconds, or an ISO 8601 / "YYYY-MM-DD HH:MM:SS" time read as UTC; NaN when it is neither. */
function timeOf(cell: string): number {
  if (/^\d{12,}$/.test(cell)) return Number(cell);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(cell)) return NaN;
  const iso = cell.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
}

/** A fraction ("0.0001") or a percent ("0.0100%"). */
function rateOf(cell: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(cell)) return NaN;
  return cell.endsWith('%') ? Number(cell.slice(0, -1)) / 100 : Number(cell);
}

/** "BTCUSDT Perpetual" → BTCUSDT. */
function symbolOf(cell: string): string {
  return cell.replace(/\s+perpetual$/i, '').trim().toUpperCase();
}

/** Parses a whole funding CSV (forms above) into rows per symbol, sorted by time, or refuses it at its first bad line. */
export function parseFundingCsv(text: string, symbol?: string): FundingRows[] {
  const named = symbol === undefined ? undefined : symbolOf(symbol);
  if (named !== undefined && !isBinanceSymbol(named)) throw new CsvImportError(`"${symbol!.slice(0, 60)}" is not a valid symbol`);
  const lines = text.split(/\r?\n/);
  const rows: string[][] = [];
  const lineNumbers: number[] = [];
  lines.forEach((line, n) => {
    if (line.trim().length === 0) return;
    rows.push(line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim()));
    lineNumbers.push(n + 1);
  });
  if (rows.length === 0) throw new CsvImportError('the file holds no funding rows');
  const layout = layoutOf(rows[0]);
  if (layout.symbol === null && named === undefined) throw new CsvImportError('the file has no symbol column: name the symbol it is for');
  const bySymbol = new Map<string, Map<number, number>>();
  for (let r = layout.hasHeader ? 1 : 0; r < rows.length; r++) {
    const cells = rows[r], line = lineNumbers[r];
    const at = (column: number) => cells[column] ?? '';
    const rowSymbol = layout.symbol === null ? named! : symbolOf(at(layout.symbol));
    if (!isBinanceSymbol(rowSymbol)) throw new CsvImportError(`"${at(layout.symbol ?? 0).slice(0, 60)}" is not a symbol`, line, 'UNREADABLE');
    if (named !== undefined && rowSymbol !== named) throw new CsvImportError(`the row is for ${rowSymbol}, the import for ${named}`, line, 'UNREADABLE');
    const time = timeOf(at(layout.time));
    if (!Number.isSafeInteger(time) || time < 0) throw new CsvImportError(`"${at(layout.time).slice(0, 60)}" is not a time (epoch ms or ISO 8601)`, line, 'NON_FINITE');
    const rate = rateOf(at(layout.rate));
    if (!(Math.abs(rate) < 1)) throw new CsvImportError(`"${at(layout.rate).slice(0, 60)}" is not a funding rate (a fraction in (−1, 1), or a percent)`, line, 'NON_FINITE');
    let times = bySymbol.get(rowSymbol);
    if (times === undefined) bySymbol.set(rowSymbol, (times = new Map()));
    const earlier = times.get(time);
    if (earlier !== undefined && earlier !== rate) {
      throw new CsvImportError(`${rowSymbol} at ${new Date(time).toISOString()} is given twice with different rates (${earlier}, ${rate})`, line, 'UNREADABLE');
    }
    times.set(time, rate);
  }
  if (bySymbol.size === 0) throw new CsvImportError('the file holds no funding rows');
  return [...bySymbol].map(([s, times]) => {
    const sorted = [...times].sort((a, b) => a[0] - b[0]);
    return { symbol: s, timeMs: sorted.map((e) => e[0]), rate: sorted.map((e) => e[1]) };
  });
}

/** Parses and stores a funding CSV in one transaction: all of it or, on any bad row, nothing. */
export async function importFundingCsv(pool: Pool, text: string, symbol?: string): Promise<FundingImportResult> {
  const parsed = parseFundingCsv(text, symbol);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const symbols = [];
    for (const rows of parsed) {
      const inserted = await insertFundingRates(client, rows.symbol, rows.timeMs, rows.rate);
      symbols.push({ symbol: rows.symbol, rowsParsed: rows.timeMs.length, rowsInserted: inserted, firstMs: rows.timeMs[0], lastMs: rows.timeMs[rows.timeMs.length - 1] });
    }
    await client.query('COMMIT');
    return { rowsParsed: symbols.reduce((n, s) => n + s.rowsParsed, 0), rowsInserted: symbols.reduce((n, s) => n + s.rowsInserted, 0), symbols };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
