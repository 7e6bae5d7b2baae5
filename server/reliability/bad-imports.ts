import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { GraphQLClient } from '../harness/graphql-client.ts';
import { startProcess } from '../harness/processes.ts';
import { type Interval, nextOpenTime } from '../../domain/intervals.ts';

/**
 * Files that lie, each with the reason an import must refuse it for, sent through the real import
 * paths: `importCandles` as a browser would (BAD_USER_INPUT, extensions.reason), and `npm run import`
 * from disk (exit 1, "Import refused (<reason>): …"). They are what the reproductions of "imports
 * store data that lies" sent, and their kin; every refusal names the first bad row.
 */
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
type Row = [time: number, open: number | string, high: number | string, low: number | string, close: number | string, volume: number | string];

const sound = (count: number, stepMs = HOUR, from = T0): Row[] => Array.from({ length: count }, (_, i) => [from + i * stepMs, 100, 101, 99, 100.5, 10]);
const csv = (rows: readonly Row[]) => ['time,open,high,low,close,volume', ...rows.map((row) => row.join(','))].join('\n');
const withRow = (rows: Row[], index: number, row: Row) => rows.map((existing, i) => (i === index ? row : existing));

/** Binance's 12 columns; the importer reads the first six. */
const klines = (rows: readonly Row[], interval: Interval) => rows.map(([t, o, h, l, c, v]) => [t, o, h, l, c, v, nextOpenTime(interval, t) - 1, 0, 0, 0, 0, 0].join(',')).join('\n');

/** A Binance archive of `rows`; `level` 0 stores the entry uncompressed, so a changed byte still unzips. */
function archive(name: string, rows: readonly Row[], interval: Interval, level: 0 | 6 = 6): Uint8Array {
  return zipSync({ [name]: new TextEncoder().encode(klines(rows, interval)) }, { level });
}

/** The first row's close 100.5 becomes 100.6: still a sound candle, so only the CRC can tell. */
function damaged(zip: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(zip);
  const at = Buffer.from(copy).indexOf('.5,') + 1;
  copy[at] = 0x36; // '5' → '6'
  return copy;
}

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Rows that lie about themselves, with the reason an import must give for refusing them. */
interface LyingRows {
  readonly name: string;
  readonly reason: string;
  readonly interval: Interval;
  readonly rows: readonly Row[];
}

const LYING_ROWS: readonly LyingRows[] = [
  { name: '5m rows imported as 1h', reason: 'MISALIGNED', interval: '1h', rows: sound(48, 300_000) },
  { name: '5m rows imported as 1d', reason: 'MISALIGNED', interval: '1d', rows: sound(48, 300_000) },
  { name: 'a :30 row in a 1h series', reason: 'MISALIGNED', interval: '1h', rows: [...sound(3), [T0 + 2.5 * HOUR, 100, 101, 99, 100.5, 10], ...sound(3, HOUR, T0 + 3 * HOUR)] },
  { name: 'hourly rows as 1M', reason: 'MISALIGNED', interval: '1M', rows: sound(48) },
  { name: '1h rows imported as 5m', reason: 'SPACING', interval: '5m', rows: sound(48) },
  { name: 'a zero price', reason: 'PRICE', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, 0, 0, 0, 0, 10]) },
  { name: 'a negative price', reason: 'PRICE', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, -100, 101, -101, 100, 10]) },
  { name: 'a denormal price', reason: 'PRICE', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, 5e-324, 5e-324, 5e-324, 5e-324, 10]) },
  { name: 'an infinite price', reason: 'NON_FINITE', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, 100, 'Infinity', 99, 100, 10]) },
  { name: 'a price that is no number', reason: 'NON_FINITE', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, 100, 'NaN', 99, 100, 10]) },
  { name: 'high below close', reason: 'OHLC', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, 100, 101, 99, 102, 10]) },
  { name: 'low above open', reason: 'OHLC', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, 98, 101, 99, 100, 10]) },
  { name: 'a negative volume', reason: 'VOLUME', interval: '1h', rows: withRow(sound(24), 5, [T0 + 5 * HOUR, 100, 101, 99, 100.5, -1]) },
];

export const REFUSED_SYMBOL = 'REFUSEDUSDT';

/** A refusal's message names the first bad row: by candle (time order), by line, or by the damaged entry or checksum. */
export const NAMES_FIRST_BAD_ROW = /candle #\d+\b|line \d+|\.csv is damaged|SHA-256 is [0-9a-f]{64}/;
const archiveName = (interval: Interval, extension: 'zip' | 'csv') => `${REFUSED_SYMBOL}-${interval === '1M' ? '1mo' : interval}-2024-01.${extension}`;

export interface BadImport {
  readonly name: string;
  readonly reason: string;
  readonly input: { symbol: string; interval: string; format: 'CSV' | 'BINANCE_CSV' | 'BINANCE_ARCHIVE'; content: string; checksum?: string };
}

const upload = (interval: string, format: BadImport['input']['format'], content: string, checksum?: string): BadImport['input'] => ({ symbol: REFUSED_SYMBOL, interval, format, content, ...(checksum ? { checksum } : {}) });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * Every lying file as each format carries it (an OHLCV CSV, a Binance kline CSV, a Binance zip), then
 * the files whose bytes were changed on the way: a damaged zip entry, and a file its checksum does not match.
 */
export const BAD_IMPORTS: readonly BadImport[] = [
  ...LYING_ROWS.map(({ name, reason, interval, rows }) => ({ name, reason, input: upload(interval, 'CSV', csv(rows)) })),
  ...LYING_ROWS.map(({ name, reason, interval, rows }) => ({ name: `${name} (Binance CSV)`, reason, input: upload(interval, 'BINANCE_CSV', klines(rows, interval)) })),
  ...LYING_ROWS.map(({ name, reason, interval, rows }) => ({ name: `${name} (Binance zip)`, reason, input: upload(interval, 'BINANCE_ARCHIVE', base64(archive(archiveName(interval, 'csv'), rows, interval))) })),
  { name: 'a zip entry with a changed byte', reason: 'CRC_MISMATCH', input: upload('1h', 'BINANCE_ARCHIVE', base64(damaged(archive(archiveName('1h', 'csv'), sound(24), '1h', 0)))) },
  { name: 'a file its CHECKSUM does not match', reason: 'CHECKSUM_MISMATCH', input: upload('1h', 'CSV', csv(sound(24)), `${sha256(csv(sound(23)))}  ${archiveName('1h', 'csv')}`) },
  {
    name: 'a zip its CHECKSUM does not match',
    reason: 'CHECKSUM_MISMATCH',
    input: upload('1h', 'BINANCE_ARCHIVE', base64(archive(archiveName('1h', 'csv'), sound(24), '1h')), `${sha256(archive(archiveName('1h', 'csv'), sound(23), '1h'))}  ${archiveName('1h', 'zip')}`),
  },
];

/** A file as `npm run import` reads it from disk: its name (Binance's, which gives symbol and interval) and bytes, and a .CHECKSUM beside it. */
export interface BadFile {
  readonly name: string;
  readonly reason: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly checksumFile?: string;
}

/** Daily archive names, a day apart, so that the files share one directory. */
const dailyName = (interval: Interval, day: number) => `${REFUSED_SYMBOL}-${interval === '1M' ? '1mo' : interval}-2024-01-${String(day).padStart(2, '0')}.zip`;

/** The same lies as Binance zips in one directory, for the import script. */
export const BAD_FILES: readonly BadFile[] = [
  ...LYING_ROWS.map(({ name, reason, interval, rows }, i) => ({ name, reason, fileName: dailyName(interval, i + 1), bytes: archive(archiveName(interval, 'csv'), rows, interval) })),
  { name: 'a zip entry with a changed byte', reason: 'CRC_MISMATCH', fileName: dailyName('1h', 28), bytes: damaged(archive(archiveName('1h', 'csv'), sound(24), '1h', 0)) },
  {
    name: 'a zip its .CHECKSUM does not match',
    reason: 'CHECKSUM_MISMATCH',
    fileName: dailyName('1h', 29),
    bytes: archive(archiveName('1h', 'csv'), sound(24), '1h'),
    checksumFile: `${sha256(archive(archiveName('1h', 'csv'), sound(23), '1h'))}  ${dailyName('1h', 29)}\n`,
  },
];

/** A sound file the same checks must let through (the control). */
export const SOUND_IMPORT = upload('1h', 'CSV', csv(sound(24)), sha256(csv(sound(24))));

export interface BadImportOutcome {
  readonly case: { readonly name: string; readonly reason: string };
  /** The GraphQL error code, or the import script's exit status. */
  readonly code: string;
  readonly reason: string;
  readonly message: string;
}

const IMPORT = 'mutation I($input: ImportCandlesInput!) { importCandles(input: $input) { rowsInserted } }';

export async function sendBadImports(gql: GraphQLClient): Promise<BadImportOutcome[]> {
  const outcomes: BadImportOutcome[] = [];
  for (const bad of BAD_IMPORTS) {
    const { errors } = await gql(IMPORT, { input: bad.input });
    const error = errors?.[0];
    outcomes.push({ case: bad, code: String(error?.extensions?.code ?? 'stored'), reason: String(error?.extensions?.reason ?? ''), message: error?.message ?? '' });
  }
  return outcomes;
}

export const importSound = (gql: GraphQLClient) => gql(IMPORT, { input: SOUND_IMPORT });

/** How the import script says it refused a file (scripts/import.ts). */
const SCRIPT_REFUSAL = /^Import refused \(([A-Z_]+)\): (\S+): (.*)$/gm;

/** A sound archive among the bad ones: an import from disk is refused whole, so it must not be stored either. */
const SOUND_FILE = { fileName: dailyName('1h', 30), bytes: archive(archiveName('1h', 'csv'), sound(24), '1h') };

/**
 * The bad files in one directory with a sound one, imported by `npm run import` (the script itself,
 * as a process) into `databaseUrl`: it must refuse each bad file, and exit 1 having stored nothing.
 */
export async function importBadFiles(databaseUrl: string, files: readonly BadFile[] = BAD_FILES): Promise<BadImportOutcome[]> {
  const directory = await mkdtemp(path.join(tmpdir(), 'candlelab-bad-import-'));
  try {
    for (const bad of [...files, SOUND_FILE]) {
      await writeFile(path.join(directory, bad.fileName), bad.bytes);
      if ('checksumFile' in bad && bad.checksumFile) await writeFile(path.join(directory, `${bad.fileName}.CHECKSUM`), bad.checksumFile);
    }
    const script = startProcess('server/scripts/import.ts', { DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' }, [directory]);
    const status = await script.exited;
    await script.closed;
    const refusals = new Map([...script.output().matchAll(SCRIPT_REFUSAL)].map(([, reason, file, message]) => [path.basename(file), { reason, message }]));
    return files.map((bad) => {
      const refusal = refusals.get(bad.fileName);
      return { case: bad, code: `exit ${status}`, reason: refusal?.reason ?? '', message: refusal?.message ?? script.output().trim().slice(-300) };
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
