import { readRunSettings } from '../backtest/index.ts';
import {
  backtestConfigOf,
  dailyReturns,
  dayEndBars,
  evaluateMetrics,
  IndicatorCache,
  runBacktest,
  tradeReturnsPct,
  type CandleSeries,
  type EquityCurve,
  type ExecutionData,
  type Metrics,
  type MetricsEvaluation,
  type StrategyParams,
} from '../engine/index.ts';
import { historyBarsOf, sliceByTime, type RunSettings } from '../engine/index.ts';
import { intervalMs, parseInterval } from '../../domain/intervals.ts';
import { candleRangeOf, historyStartMs, loadCandleRange } from '../market-data/index.ts';
import type { IOptimizationSweep } from '../optimization/index.ts';
import { evaluationCandles, evaluationStartMs, sweepCandleRange } from '../optimization/index.ts';
import type { AppServices } from '../services.ts';

/**
 * A sweep's market in this job, for the runs recommendations need beyond the stored rows: per-trade
 * returns on the validation data (Monte Carlo), and small in-process grids (RISK). Each run reads the
 * candles a chunk of the sweep read for the same parameters and range (optimization/sweep-history.ts).
 */
export class SweepMarket {
  private readonly cache = new IndicatorCache();
  private readonly slices = new Map<string, Map<string, CandleSeries>>();

  private constructor(
    private readonly sweep: IOptimizationSweep,
    private readonly data: ReadonlyMap<string, CandleSeries>,
    /** The sweep's detail candles and funding: its chunks evaluated with them, so these runs do too. */
    private readonly execution: ExecutionData,
  ) {}

  static async load(services: AppServices, sweep: IOptimizationSweep): Promise<SweepMarket> {
    const { data, detail, funding } = await loadCandleRange(services, { ...sweepCandleRange(sweep), fetchMissingData: false });
    return new SweepMarket(sweep, data, { detail, funding });
  }

  private options() {
    return { cache: this.cache, ...this.execution };
  }

  /** The candles an evaluation of `params` over [fromMs, toMs) reads, its history included (views, no copy). */
  private candles(params: StrategyParams, fromMs: number, toMs: number): Map<string, CandleSeries> {
    // Slices are kept so one series object (and its cached indicators) serves every run over it.
    const key = `${evaluationStartMs(this.sweep, params, fromMs)}:${toMs}`;
    let slice = this.slices.get(key);
    if (!slice) {
      slice = evaluationCandles(this.data, this.sweep, params, fromMs, toMs);
      this.slices.set(key, slice);
    }
    return slice;
  }

  private config(params: StrategyParams, fromMs: number, settings = readRunSettings(this.sweep.settings)) {
    return { ...backtestConfigOf(settings, [{ strategy: this.sweep.strategy, params, symbols: this.sweep.symbols }]), startTimeMs: fromMs };
  }

  /** Each trade's P/L in % of equity at entry, on [fromMs, toMs) (with other settings when given: RISK sizing). */
  tradeReturns(params: StrategyParams, fromMs: number, toMs: number, settings = readRunSettings(this.sweep.settings)): Float64Array {
    const config = this.config(params, fromMs, settings);
    const result = runBacktest(this.candles(params, fromMs, toMs), config, this.options());
    return tradeReturnsPct(result.trades, result.equity, config.initialCapital);
  }

  /** A full run of a configuration on [fromMs, toMs): its metrics and its returns day by day. */
  daily(params: StrategyParams, fromMs: number, toMs: number, settings = readRunSettings(this.sweep.settings)): DailyRun {
    const result = runBacktest(this.candles(params, fromMs, toMs), this.config(params, fromMs, settings), this.options());
    return { metrics: result.metrics, ...returnsByDay(result.equity) };
  }

  /** Every metric of a configuration on [fromMs, toMs) (the lean path a sweep chunk uses). */
  evaluate(params: StrategyParams, settings: ReturnType<typeof readRunSettings>, fromMs: number, toMs: number): MetricsEvaluation {
    return evaluateMetrics(this.candles(params, fromMs, toMs), this.config(params, fromMs, settings), this.options());
  }
}

/**
 * One market's candles for one strategy configuration, with the history its indicators need, for runs
 * over dates another market set (cross-sweep comparisons). Null when the store does not cover the dates.
 */
export class MarketRuns {
  private readonly cache = new IndicatorCache();

  private constructor(
    private readonly market: MarketRunsRequest,
    private readonly data: ReadonlyMap<string, CandleSeries>,
    private readonly execution: ExecutionData,
  ) {}

  static async load(services: AppServices, market: MarketRunsRequest, fromMs: number, toMs: number): Promise<MarketRuns | null> {
    const history = historyBarsOf([{ strategy: market.strategy, params: market.params, symbols: [market.symbol] }], intervalMs(parseInterval(market.timeframe)));
    const request = candleRangeOf(
      { symbols: [market.symbol], timeframe: market.timeframe, startDate: new Date(fromMs), endDate: new Date(toMs), gapPolicy: 'SKIP', fetchMissingData: false, warmupHistory: market.warmupHistory },
      history,
      market.settings,
    );
    try {
      const { data, dataReport, detail, funding } = await loadCandleRange(services, request);
      const report = (dataReport.symbols as Record<string, { leadingMissing: unknown; trailingMissing: unknown }>)[market.symbol];
      return report.leadingMissing || report.trailingMissing ? null : new MarketRuns(market, data, { detail, funding });
    } catch {
      return null;
    }
  }

  /** A full run over [fromMs, toMs), reading its history before fromMs. */
  daily(fromMs: number, toMs: number): DailyRun {
    const startMs = historyStartMs(this.market.timeframe, fromMs, historyBarsOf([{ strategy: this.market.strategy, params: this.market.params, symbols: [this.market.symbol] }], intervalMs(parseInterval(this.market.timeframe))));
    const candles = new Map([...this.data].map(([symbol, series]) => [symbol, sliceByTime(series, this.market.warmupHistory ? startMs : fromMs, toMs)]));
    const config = { ...backtestConfigOf(this.market.settings, [{ strategy: this.market.strategy, params: this.market.params, symbols: [this.market.symbol] }]), startTimeMs: fromMs };
    const result = runBacktest(candles, config, { cache: this.cache, ...this.execution });
    return { metrics: result.metrics, ...returnsByDay(result.equity) };
  }
}

export interface MarketRunsRequest {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly params: StrategyParams;
  readonly settings: RunSettings;
  readonly warmupHistory: boolean;
}

const DAY_MS = 86_400_000;

/** A run's metrics and its daily returns, each dated by its UTC day (the day whose last bar closes it). */
export interface DailyRun {
  readonly metrics: Metrics;
  /** UTC midnight of each return's day. */
  readonly days: Float64Array;
  readonly returns: Float64Array;
}

/** The daily returns the Sharpe ratio reads (engine dailyReturns), with their dates. */
export function returnsByDay(curve: EquityCurve): { days: Float64Array; returns: Float64Array } {
  const dayEnds = dayEndBars(curve.timeMs, curve.timeMs.length);
  const returns = dailyReturns({ equity: curve.equity, dayEnds });
  const days = Float64Array.from(returns, (_, d) => Math.floor(curve.timeMs[dayEnds[d + 1]] / DAY_MS) * DAY_MS);
  return { days, returns };
}

/** Two runs' returns on the days both have (markets with other trading days, or other bar lengths). */
export function sameDays(a: DailyRun, b: DailyRun): { days: number[]; a: Float64Array; b: Float64Array } {
  const at = new Map(Array.from(b.days, (day, i) => [day, i]));
  const days: number[] = [], ra: number[] = [], rb: number[] = [];
  a.days.forEach((day, i) => {
    const j = at.get(day);
    if (j === undefined) return;
    days.push(day);
    ra.push(a.returns[i]);
    rb.push(b.returns[j]);
  });
  return { days, a: Float64Array.from(ra), b: Float64Array.from(rb) };
}

/** Compounded return (%) per calendar year of dated daily returns (undefined days left out). */
export function returnsPerYear(days: ArrayLike<number>, returns: ArrayLike<number>): Map<number, number> {
  const growth = new Map<number, number>();
  for (let i = 0; i < returns.length; i++) {
    if (Number.isNaN(returns[i])) continue;
    const year = new Date(days[i]).getUTCFullYear();
    growth.set(year, (growth.get(year) ?? 1) * (1 + returns[i]));
  }
  return new Map([...growth].map(([year, g]) => [year, (g - 1) * 100]));
}
