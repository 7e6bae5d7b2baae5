import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import type { GraphQLClient } from '../harness/graphql-client.ts';

/**
 * Files that lie, each with the reason an import must refuse it for (extensions.reason), sent through
 * `importCandles` as a browser would: what the reproductions of "imports store data that lies" sent,
 * and their kin. A refusal is BAD_USER_INPUT with that reason and a message naming the first bad row.
 */
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
type Row = [time: number, open: number | string, high: number | string, low: number | string, close: number | string, volume: number | string];

const sound = (count: number, stepMs = HOUR, from = T0): Row[] => Array.from({ length: count }, (_, i) => [from + i * stepMs, 100, 101, 99, 100.5, 10]);
const csv = (rows: readonly Row[]) => ['time,open,high,low,close,volume', ...rows.map((row) => row.join(','))].join('\n');
const withRow = (rows: Row[], index: number, row: Row) => rows.map((existing, i) => (i === index ? row : existing));

/** A Binance archive (12-column kline CSV) stored uncompressed, so a changed byte still unzips. */
function storedZip(rows: readonly Row[]): Uint8Array {
  const lines = rows.map(([t, o, h, l, c, v]) => [t, o, h, l, c, v, t + HOUR - 1, 0, 0, 0, 0, 0].join(',')).join('\n');
  return zipSync({ 'REFUSEDUSDT-1h-2024-01.csv': new TextEncoder().encode(lines) }, { level: 0 });
}

/** The first row's close 100.5 becomes 100.6: still a sound candle, so only the CRC can tell. */
function damaged(zip: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(zip);
  const at = Buffer.from(copy).indexOf('.5,') + 1;
  copy[at] = 0x36; // '5' → '6'
  return copy;
}

export interface BadImport {
  readonly name: string;
  readonly reason: string;
  readonly input: { symbol: string; interval: string; format: 'CSV' | 'BINANCE_ARCHIVE'; content: string; checksum?: string };
}

const file = (name: string, reason: string, interval: string, rows: readonly Row[]): BadImport => ({ name, reason, input: { symbol: 'REFUSEDUSDT', interval, format: 'CSV', content: csv(rows) } });

export const BAD_IMPORTS: readonly BadImport[] = [
  file('5m rows imported as 1h', 'MISALIGNED', '1h', sound(48, 300_000)),
  file('5m rows imported as 1d', 'MISALIGNED', '1d', sound(48, 300_000)),
  file('a :30 row in a 1h series', 'MISALIGNED', '1h', [...sound(3), [T0 + 2.5 * HOUR, 100, 101, 99, 100.5, 10], ...sound(3, HOUR, T0 + 3 * HOUR)]),
  file('hourly rows as 1M', 'MISALIGNED', '1M', sound(48)),
  file('1h rows imported as 5m', 'SPACING', '5m', sound(48)),
  file('a zero price', 'PRICE', '1h', withRow(sound(24), 5, [T0 + 5 * HOUR, 0, 0, 0, 0, 10])),
  file('a negative price', 'PRICE', '1h', withRow(sound(24), 5, [T0 + 5 * HOUR, -100, 101, -101, 100, 10])),
  file('a denormal price', 'PRICE', '1h', withRow(sound(24), 5, [T0 + 5 * HOUR, 5e-324, 5e-324, 5e-324, 5e-324, 10])),
  file('an infinite price', 'NON_FINITE', '1h', withRow(sound(24), 5, [T0 + 5 * HOUR, 100, 'Infinity', 99, 100, 10])),
  file('high below close', 'OHLC', '1h', withRow(sound(24), 5, [T0 + 5 * HOUR, 100, 101, 99, 102, 10])),
  file('low above open', 'OHLC', '1h', withRow(sound(24), 5, [T0 + 5 * HOUR, 98, 101, 99, 100, 10])),
  file('a negative volume', 'VOLUME', '1h', withRow(sound(24), 5, [T0 + 5 * HOUR, 100, 101, 99, 100.5, -1])),
  {
    name: 'a zip entry with a changed byte',
    reason: 'CRC_MISMATCH',
    input: { symbol: 'REFUSEDUSDT', interval: '1h', format: 'BINANCE_ARCHIVE', content: Buffer.from(damaged(storedZip(sound(24)))).toString('base64') },
  },
  {
    name: 'a file its CHECKSUM does not match',
    reason: 'CHECKSUM_MISMATCH',
    input: { ...file('', '', '1h', sound(24)).input, checksum: `${createHash('sha256').update(csv(sound(23))).digest('hex')}  REFUSEDUSDT-1h-2024-01.csv` },
  },
];

/** A sound file the same checks must let through (the control). */
export const SOUND_IMPORT = { ...file('sound', '', '1h', sound(24)).input, checksum: createHash('sha256').update(csv(sound(24))).digest('hex') };

export interface BadImportOutcome {
  readonly case: BadImport;
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
