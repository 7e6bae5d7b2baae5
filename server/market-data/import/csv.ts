import type { OhlcvColumns } from '../../engine/index.ts';
import { clipInput } from '../../graphql/error-policy.ts';

/**
 * Generic OHLCV CSV: a header row naming the columns (many spellings, any case: `Open`, `close_price`,
 * `<VOL>`), one candle per line; an unnamed first column is the time (a pandas export of a frame
 * indexed by time: `,Open,High,Low,Close,Volume`).
 * Timestamps may be epoch seconds, milliseconds or microseconds (told apart by magnitude) or ISO
 * dates/datetimes; everything is normalised to epoch milliseconds UTC.
 */

export class CsvImportError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly line: number | null = null,
    /** NON_FINITE for a value that is not a number; UNREADABLE for a file that cannot be read as candles at all. */
    readonly reason: 'NON_FINITE' | 'UNREADABLE' = 'UNREADABLE',
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'CsvImportError';
  }
}

type Field = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

const SYNONYMS: Record<Field, readonly string[]> = {
  time: ['time', 'timestamp', 'date', 'datetime', 'opentime', 'open_time', 'unix', 'unixtime', 'ts', 'datetimeutc', 'timeutc', 'dateutc', 'startTime', 'start'],
  open: ['open', 'o', 'openprice', 'opening', 'first'],
  high: ['high', 'h', 'highprice', 'max'],
  low: ['low', 'l', 'lowprice', 'min'],
  close: ['close', 'c', 'closeprice', 'closing', 'last', 'adjclose', 'price'],
  volume: ['volume', 'v', 'vol', 'basevolume', 'volumebase', 'qty', 'quantity', 'amount'],
};

/** "Close Price", "close_price", "<CLOSE>" and "Close (USD)" all become "closeprice"/"close". */
function normaliseHeader(h: string): string {
  return h
    .trim()
    .replace(/^\uFEFF/, '')
    .replace(/\(.*?\)|\[.*?\]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(SYNONYMS) as [Field, readonly string[]][]) {
  for (const name of names) LOOKUP.set(normaliseHeader(name), field);
}

/** Epoch number of unknown unit → ms. Thresholds put any date 1973–5138 in the right unit. */
export function epochToMs(value: number): number {
  const abs = Math.abs(value);
  if (abs >= 1e17) return Math.floor(value / 1e6); // nanoseconds
  if (abs >= 1e14) return Math.floor(value / 1e3); // microseconds (newer Binance spot archives)
  if (abs >= 1e11) return value; // milliseconds
  return value * 1000; // seconds
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseTimestamp(raw: string): number | null {
  const s = raw.trim().replace(/^"|"$/g, '');
  if (/^-?\d+(\.\d+)?$/.test(s)) return Math.round(epochToMs(Number(s)));
  if (!ISO_DATE.test(s)) return null;
  // Dates without a zone are UTC: exchanges and data vendors publish candles in UTC.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s);
  const iso = s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}${hasZone ? '' : 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, headerLine.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 1 ? counts[0][0] : ',';
}

export interface ParsedCandles extends OhlcvColumns {
  readonly rows: number;
}

export function parseOhlcvCsv(text: string): ParsedCandles {
  const lines = text.split(/\r?\n/);
  let headerIndex = 0;
  while (headerIndex < lines.length && lines[headerIndex].trim() === '') headerIndex++;
  if (headerIndex >= lines.length) throw new CsvImportError('The file is empty');
  const delimiter = detectDelimiter(lines[headerIndex]);
  const headers = lines[headerIndex].split(delimiter).map(normaliseHeader);
  const index: Partial<Record<Field, number>> = {};
  headers.forEach((h, i) => {
    const field = LOOKUP.get(h);
    if (field && index[field] === undefined) index[field] = i;
  });
  // pandas' DataFrame.to_csv() writes the index (the time, for candles) as a first column without a name.
  if (index.time === undefined && headers[0] === '') index.time = 0;
  const missing = (['time', 'open', 'high', 'low', 'close', 'volume'] as const).filter((f) => index[f] === undefined);
  if (missing.length) {
    throw new CsvImportError(
      `Header "${lines[headerIndex].trim()}" lacks column(s) ${missing.join(', ')}; expected a header with time/timestamp/date, open, high, low, close, volume`,
      headerIndex + 1,
    );
  }
  const cap = lines.length - headerIndex;
  const cols = { time: new Float64Array(cap), open: new Float64Array(cap), high: new Float64Array(cap), low: new Float64Array(cap), close: new Float64Array(cap), volume: new Float64Array(cap) };
  let n = 0;
  for (let li = headerIndex + 1; li < lines.length; li++) {
    const line = lines[li];
    if (line.trim() === '') continue;
    const cells = line.split(delimiter);
    const t = parseTimestamp(cells[index.time!] ?? '');
    if (t === null) throw new CsvImportError(`cannot read timestamp "${clipInput(cells[index.time!] ?? '')}" (use epoch s/ms/µs or an ISO date)`, li + 1);
    cols.time[n] = t;
    for (const f of ['open', 'high', 'low', 'close', 'volume'] as const) {
      const cell = (cells[index[f]!] ?? '').trim().replace(/^"|"$/g, '');
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) throw new CsvImportError(`${f} "${clipInput(cell)}" is not a number`, li + 1, 'NON_FINITE');
      cols[f][n] = v;
    }
    n++;
  }
  if (n === 0) throw new CsvImportError('The file has a header but no candles');
  return sortAndDedupe({ openTime: cols.time.subarray(0, n), open: cols.open.subarray(0, n), high: cols.high.subarray(0, n), low: cols.low.subarray(0, n), close: cols.close.subarray(0, n), volume: cols.volume.subarray(0, n) });
}

/** Files come newest-first from some vendors; duplicates (overlapping exports) keep the first row. */
export function sortAndDedupe(cols: OhlcvColumns): ParsedCandles {
  const n = cols.openTime.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (cols.openTime[i] <= cols.openTime[i - 1]) sorted = false;
  if (sorted) return { ...cols, rows: n };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => cols.openTime[a] - cols.openTime[b] || a - b);
  const keep = order.filter((idx, k) => k === 0 || cols.openTime[idx] !== cols.openTime[order[k - 1]]);
  const pick = (c: Float64Array) => Float64Array.from(keep, (i) => c[i]);
  return { openTime: pick(cols.openTime), open: pick(cols.open), high: pick(cols.high), low: pick(cols.low), close: pick(cols.close), volume: pick(cols.volume), rows: n };
}
