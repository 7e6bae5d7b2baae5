import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CandleDataError,
  countCandles,
  coverage,
  findStoredGaps,
  insertCandles,
  loadCandles,
  loadCandlesOfSymbols,
  loadOpenTimes,
  storeIsEmpty,
} from '../../market-data/candle-store.ts';
import { DataGapError, NoCandlesError, loadCandlesForBacktest } from '../../market-data/gap-policy.ts';
import { storedQualityReport } from '../../market-data/quality.ts';
import type { OhlcvColumns } from '../../engine/index.ts';
import { chooseBaseInterval, loadSeries } from '../../market-data/series-loader.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';
import { type TestDb, openTestDb } from './test-db.ts';

const T0 = Date.UTC(2024, 0, 1);
const M5 = 300_000;
let db: TestDb;

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

function drop(cols: OhlcvColumns, times: number[]): OhlcvColumns {
  const idx = Array.from(cols.openTime.keys()).filter((i) => !times.includes(cols.openTime[i]));
  const pick = (c: Float64Array) => Float64Array.from(idx, (i) => c[i]);
  return { openTime: pick(cols.openTime), open: pick(cols.open), high: pick(cols.high), low: pick(cols.low), close: pick(cols.close), volume: pick(cols.volume) };
}

describe('candle store', () => {
  it('inserts idempotently and loads typed arrays exactly as stored', async () => {
    expect(await storeIsEmpty(db.pool)).toBe(true);
    const cols = generateSyntheticCandles({ symbol: 'SYNTH-AAAUSDT', interval: '5m', startMs: T0, count: 45_000, seed: 1 });
    expect(await insertCandles(db.pool, 'SYNTH-AAAUSDT', '5m', cols)).toBe(45_000);
    expect(await insertCandles(db.pool, 'SYNTH-AAAUSDT', '5m', cols)).toBe(0);
    // A batch overlapping stored rows inserts only the new ones.
    const more = generateSyntheticCandles({ symbol: 'SYNTH-AAAUSDT', interval: '5m', startMs: T0, count: 45_010, seed: 1 });
    expect(await insertCandles(db.pool, 'SYNTH-AAAUSDT', '5m', more)).toBe(10);
    expect(await countCandles(db.pool, 'SYNTH-AAAUSDT', '5m')).toBe(45_010);

    const series = await loadCandles(db.pool, 'SYNTH-AAAUSDT', '5m', T0, T0 + 45_000 * M5);
    expect(series.length).toBe(45_000);
    expect(series.intervalMs).toBe(M5);
    expect(series.openTime).toBeInstanceOf(Float64Array);
    expect(Array.from(series.close)).toEqual(Array.from(cols.close));
    expect(Array.from(series.openTime)).toEqual(Array.from(cols.openTime));
    expect(Array.from(series.volume.subarray(0, 100))).toEqual(Array.from(cols.volume.subarray(0, 100)));
    const empty = await loadCandles(db.pool, 'SYNTH-NONE', '5m', 0, T0);
    expect(empty.length).toBe(0);
    expect(await storeIsEmpty(db.pool)).toBe(false);
  });

  it('keeps each market\'s coverage equal to a scan of the candles, through duplicates, earlier data and concurrent writers', async () => {
    const symbol = 'SYNTH-COVUSDT';
    const cols = generateSyntheticCandles({ symbol, interval: '5m', startMs: T0, count: 30_000, seed: 4 });
    const part = (from: number, to: number): OhlcvColumns => ({
      openTime: cols.openTime.subarray(from, to), open: cols.open.subarray(from, to), high: cols.high.subarray(from, to),
      low: cols.low.subarray(from, to), close: cols.close.subarray(from, to), volume: cols.volume.subarray(from, to),
    });
    const scanned = async () =>
      {
        const times = await loadOpenTimes(db.pool, symbol, '5m', 0, Number.MAX_SAFE_INTEGER);
        return { first: times[0], last: times[times.length - 1], n: times.length };
      };
    const kept = async () => {
      const [row] = await coverage(db.pool, { symbol, interval: '5m' });
      return { first: row.firstOpenTime, last: row.lastOpenTime, n: row.count };
    };
    await insertCandles(db.pool, symbol, '5m', part(10_000, 20_000));
    expect(await kept()).toEqual(await scanned());
    // Earlier data, a stretch overlapping what is stored, and the same rows again.
    await insertCandles(db.pool, symbol, '5m', part(0, 5_000));
    await insertCandles(db.pool, symbol, '5m', part(15_000, 25_000));
    expect(await insertCandles(db.pool, symbol, '5m', part(15_000, 25_000))).toBe(0);
    expect(await kept()).toEqual(await scanned());
    // Writers racing over overlapping ranges (the import script while a download runs).
    await Promise.all([insertCandles(db.pool, symbol, '5m', part(4_000, 30_000)), insertCandles(db.pool, symbol, '5m', part(0, 12_000)), insertCandles(db.pool, symbol, '5m', part(20_000, 30_000))]);
    expect(await kept()).toEqual({ first: T0, last: T0 + 29_999 * M5, n: 30_000 });
    expect(await kept()).toEqual(await scanned());
  });

  // How fast is the bench's figure ("load one year of 5m into typed arrays"), against MikroORM's find in the same run.
  it('loads a year of 5m candles (105,120)', async () => {
    const cols = generateSyntheticCandles({ symbol: 'SYNTH-YEARUSDT', interval: '5m', startMs: Date.UTC(2023, 0, 1), count: 105_120, seed: 2 });
    await insertCandles(db.pool, 'SYNTH-YEARUSDT', '5m', cols);
    const series = await loadCandles(db.pool, 'SYNTH-YEARUSDT', '5m', Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1));
    expect(series.length).toBe(105_120);
    expect(series.openTime[105_119]).toBe(Date.UTC(2023, 0, 1) + 105_119 * 300_000);
    expect(series.close).toEqual(cols.close);
  });

  it('loads several symbols in one call, in the order asked, whatever their names hold (quotes, backslashes)', async () => {
    const names = ["SYNTH-O'QUOTE", 'SYNTH-BACK\\SLASH', 'SYNTH-AAAUSDT', 'SYNTH-NOTSTOREDUSDT'];
    const stored = names.slice(0, 2).map((symbol, k) => ({ symbol, cols: generateSyntheticCandles({ symbol, interval: '5m', startMs: T0, count: 50, seed: 20 + k }) }));
    for (const { symbol, cols } of stored) await insertCandles(db.pool, symbol, '5m', cols);
    const loaded = await loadCandlesOfSymbols(db.pool, names, '5m', T0, T0 + 50 * M5);
    expect([...loaded.keys()]).toEqual(names);
    for (const { symbol, cols } of stored) expect(loaded.get(symbol)!.close).toEqual(cols.close);
    expect(loaded.get('SYNTH-AAAUSDT')!.length).toBe(50);
    expect(loaded.get('SYNTH-NOTSTOREDUSDT')!.length).toBe(0);
  });

  it('refuses candles the engine could not trade on, naming the first bad one, and stores nothing', async () => {
    const cols = generateSyntheticCandles({ symbol: 'SYNTH-BADUSDT', interval: '5m', startMs: T0, count: 3, seed: 1 });
    const broken = { ...cols, close: cols.close.slice() };
    broken.close[1] = NaN;
    await expect(insertCandles(db.pool, 'SYNTH-BADUSDT', '5m', broken)).rejects.toBeInstanceOf(CandleDataError);
    const inverted = { ...cols, high: cols.high.slice() };
    inverted.high[2] = cols.low[2] / 2;
    await expect(insertCandles(db.pool, 'SYNTH-BADUSDT', '5m', inverted)).rejects.toThrow(/SYNTH-BADUSDT candle #2 \(2024-01-01T00:10:00.000Z\): high .* is below low/);
    expect(await countCandles(db.pool, 'SYNTH-BADUSDT')).toBe(0);
  });

  it('finds stored gaps with window functions, and coverage per symbol/interval', async () => {
    const cols = drop(generateSyntheticCandles({ symbol: 'SYNTH-GAPUSDT', interval: '5m', startMs: T0, count: 1000, seed: 3 }), [T0 + 10 * M5, T0 + 11 * M5, T0 + 500 * M5]);
    await insertCandles(db.pool, 'SYNTH-GAPUSDT', '5m', cols);
    expect(await findStoredGaps(db.pool, 'SYNTH-GAPUSDT', '5m', T0 - 2 * M5, T0 + 1002 * M5)).toEqual([
      { fromMs: T0 - 2 * M5, toMs: T0, missing: 2 },
      { fromMs: T0 + 10 * M5, toMs: T0 + 12 * M5, missing: 2 },
      { fromMs: T0 + 500 * M5, toMs: T0 + 501 * M5, missing: 1 },
      { fromMs: T0 + 1000 * M5, toMs: T0 + 1002 * M5, missing: 2 },
    ]);
    expect(await findStoredGaps(db.pool, 'SYNTH-GAPUSDT', '5m', T0 + 20 * M5, T0 + 400 * M5)).toEqual([]);
    const rows = await coverage(db.pool, { symbol: 'SYNTH-GAPUSDT' });
    expect(rows).toEqual([{ symbol: 'SYNTH-GAPUSDT', interval: '5m', firstOpenTime: T0, lastOpenTime: T0 + 999 * M5, count: 997 }]);

    const report = await storedQualityReport(db.pool, 'SYNTH-GAPUSDT', '5m', T0, T0 + 1000 * M5);
    expect(report.gaps.map((g) => g.missingOpenTimes)).toEqual([[T0 + 10 * M5, T0 + 11 * M5], [T0 + 500 * M5]]);
  });

  it('loads for backtests under each gap policy', async () => {
    const req = { symbol: 'SYNTH-GAPUSDT', interval: '5m', fromMs: T0, toMs: T0 + 1000 * M5 };
    const failed = await loadCandlesForBacktest(db.pool, { ...req, gapPolicy: 'FAIL' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DataGapError);
    expect((failed as DataGapError).gaps).toHaveLength(2);
    const skipped = await loadCandlesForBacktest(db.pool, { ...req, gapPolicy: 'SKIP' });
    expect([skipped.series.length, skipped.filledBars, skipped.gaps.length]).toEqual([997, 0, 2]);
    const filled = await loadCandlesForBacktest(db.pool, { ...req, gapPolicy: 'FILL' });
    expect([filled.series.length, filled.filledBars]).toEqual([1000, 3]);
    await expect(loadCandlesForBacktest(db.pool, { ...req, symbol: 'SYNTH-NOPE', gapPolicy: 'FAIL' })).rejects.toBeInstanceOf(NoCandlesError);
  });

  it('builds unstored intervals from the longest stored one that tiles them and covers the range', async () => {
    const DAY = 86_400_000;
    const LATER = Date.UTC(2030, 0, 1);
    const cols = generateSyntheticCandles({ symbol: 'SYNTH-RSUSDT', interval: '1m', startMs: T0, count: 2 * 1440, seed: 4 });
    await insertCandles(db.pool, 'SYNTH-RSUSDT', '1m', cols);
    for (const [interval, bars] of [['5m', 576], ['1h', 48], ['4h', 12], ['1d', 2]] as const) {
      const { series, baseInterval } = await loadSeries(db.pool, 'SYNTH-RSUSDT', interval, T0, T0 + 2 * DAY, LATER);
      expect([series.length, baseInterval]).toEqual([bars, '1m']);
    }
    const day = (await loadSeries(db.pool, 'SYNTH-RSUSDT', '1d', T0, T0 + 2 * DAY, LATER)).series;
    expect(Array.from(day.openTime)).toEqual([T0, T0 + DAY]);
    expect(day.close[0]).toBe(cols.close[1439]);
    expect(day.high[0]).toBe(Math.max(...cols.high.subarray(0, 1440)));

    // 1h stored for the first day only: 4h comes from 1h where 1h covers the range, from 1m otherwise.
    const hours = (await loadSeries(db.pool, 'SYNTH-RSUSDT', '1h', T0, T0 + DAY, LATER)).series;
    await insertCandles(db.pool, 'SYNTH-RSUSDT', '1h', hours);
    expect(await chooseBaseInterval(db.pool, 'SYNTH-RSUSDT', '4h', T0, T0 + DAY, LATER)).toEqual({ interval: '1h', complete: true });
    expect(await chooseBaseInterval(db.pool, 'SYNTH-RSUSDT', '4h', T0, T0 + 2 * DAY, LATER)).toEqual({ interval: '1m', complete: true });
    expect(await chooseBaseInterval(db.pool, 'SYNTH-RSUSDT', '1h', T0, T0 + DAY, LATER)).toEqual({ interval: '1h', complete: true });
    expect(await chooseBaseInterval(db.pool, 'SYNTH-RSUSDT', '4h', T0, T0 + 3 * DAY, LATER)).toEqual({ interval: '1m', complete: false });
    expect(await chooseBaseInterval(db.pool, 'SYNTH-NONE', '4h', T0, T0 + DAY, LATER)).toBeNull();
    // Bars that have not closed yet are not missing.
    expect(await chooseBaseInterval(db.pool, 'SYNTH-RSUSDT', '1h', T0, T0 + 3 * DAY, T0 + 2 * DAY + 1)).toEqual({ interval: '1m', complete: true });
    // The loads follow those choices: 1h as stored where it is whole, from 1m where 1h stops short, nothing where nothing is stored.
    const storedDay = await loadSeries(db.pool, 'SYNTH-RSUSDT', '1h', T0, T0 + DAY, LATER);
    expect([storedDay.series.length, storedDay.baseInterval]).toEqual([24, '1h']);
    expect(Array.from(storedDay.series.close)).toEqual(Array.from(hours.close));
    const twoDays = await loadSeries(db.pool, 'SYNTH-RSUSDT', '1h', T0, T0 + 2 * DAY, LATER);
    expect([twoDays.series.length, twoDays.baseInterval]).toEqual([48, '1m']);
    const nothing = await loadSeries(db.pool, 'SYNTH-NONE', '1h', T0, T0 + DAY, LATER);
    expect([nothing.series.length, nothing.baseInterval]).toEqual([0, null]);
  });
});
