import { buyAndHoldEquity, firstAtOrAfter, getStrategyModule, indicatorLines, IndicatorCache, type CandleSeries } from '../engine/index.ts';
import { AppError } from '../graphql/errors.ts';
import { loadCandlesForBacktest } from '../market-data/index.ts';
import type { AppServices } from '../services.ts';
import type { IBacktestRun } from './backtest-run.entity.ts';
import { readRunSettings } from './run-settings.ts';

/**
 * What a run's charts draw besides its own results, computed from the candles it traded: the buy-and-hold
 * account beside its equity, and its strategies' own lines over the price. Nothing here is stored; each
 * request loads the run's candles again (a year of 5m: ~0.1 s).
 */

/** Runs longer than this are not charted this way: loading them would take a request seconds. */
export const MAX_CHARTED_BARS = 1_000_000;

export interface ChartPoint {
  readonly timeMs: number;
  readonly value: number;
}

export interface IndicatorSeries {
  readonly leg: number;
  readonly strategy: string;
  readonly name: string;
  readonly pane: string | null;
  readonly points: readonly ChartPoint[];
}

function chartable(run: IBacktestRun): void {
  if (run.status !== 'COMPLETED') throw new AppError('CONFLICT', `Backtest ${run.id} is ${run.status}; its charts need a completed run`, { status: run.status });
  if (run.totalBars > MAX_CHARTED_BARS) {
    throw new AppError('LIMIT_EXCEEDED', `Backtest ${run.id} has ${run.totalBars} bars; charts are drawn for runs of at most ${MAX_CHARTED_BARS}`, { limit: 'bars', max: MAX_CHARTED_BARS });
  }
}

/** The candles the run traded on, for these symbols (its range, timeframe and gap policy). */
async function runCandles(services: AppServices, run: IBacktestRun, symbols: readonly string[]): Promise<CandleSeries[]> {
  const fromMs = run.startDate.getTime(), toMs = run.endDate.getTime();
  return Promise.all(symbols.map(async (symbol) => (await loadCandlesForBacktest(services.pool, { symbol, interval: run.timeframe, fromMs, toMs, gapPolicy: run.gapPolicy })).series));
}

/** The buy-and-hold account (engine/buy-and-hold.ts) at each of these times. */
export async function buyAndHoldCurve(services: AppServices, run: IBacktestRun, timesMs: readonly number[]): Promise<ChartPoint[]> {
  chartable(run);
  const series = await runCandles(services, run, run.symbols);
  const equity = buyAndHoldEquity(series, readRunSettings(run.settings).initialCapital, timesMs);
  return timesMs.map((timeMs, k) => ({ timeMs, value: equity[k] }));
}

/**
 * The lines of every leg trading `symbol`, over the candles opening in [fromMs, toMs), thinned as the
 * candles endpoint thins candles (buckets of whole bars from the first; a point at each bucket's open
 * time, valued at its last bar, whose close the bucket's candle shows).
 */
export async function runIndicators(services: AppServices, run: IBacktestRun, symbol: string, fromMs: number, toMs: number, maxPoints: number): Promise<IndicatorSeries[]> {
  chartable(run);
  const legs = run.legs.map((leg, index) => ({ ...leg, index })).filter((leg) => leg.symbols.includes(symbol));
  if (legs.length === 0) throw new AppError('BAD_USER_INPUT', `Backtest ${run.id} does not trade ${symbol}`, { field: 'symbol' });
  const [series] = await runCandles(services, run, [symbol]);
  const start = firstAtOrAfter(series.openTime, fromMs), end = firstAtOrAfter(series.openTime, toMs);
  const per = Math.max(1, Math.ceil((end - start) / maxPoints));
  const cache = new IndicatorCache();
  return legs.flatMap((leg) => {
    const module = getStrategyModule(leg.strategy);
    if (!module) return [];
    return indicatorLines(module, series, leg.params, cache).map((line) => {
      const points: ChartPoint[] = [];
      for (let i = start; i < end; i += per) {
        const value = line.values[Math.min(end, i + per) - 1];
        if (value === value) points.push({ timeMs: series.openTime[i], value });
      }
      return { leg: leg.index, strategy: leg.strategy, name: line.name, pane: line.pane, points };
    });
  });
}
