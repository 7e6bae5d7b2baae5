import { readRunSettings } from '../backtest/run-settings.ts';
import { backtestConfigOf, evaluateMetrics, IndicatorCache, runBacktest, tradeReturnsPct, type CandleSeries, type MetricsEvaluation, type StrategyParams } from '../engine/index.ts';
import { loadCandleRange } from '../market-data/range-loader.ts';
import type { IOptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { evaluationCandles, evaluationStartMs, sweepCandleRange } from '../optimization/sweep-history.ts';
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
  ) {}

  static async load(services: AppServices, sweep: IOptimizationSweep): Promise<SweepMarket> {
    const { data } = await loadCandleRange(services, { ...sweepCandleRange(sweep), fetchMissingData: false });
    return new SweepMarket(sweep, data);
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
    const result = runBacktest(this.candles(params, fromMs, toMs), config, { cache: this.cache });
    return tradeReturnsPct(result.trades, result.equity, config.initialCapital);
  }

  /** Every metric of a configuration on [fromMs, toMs) (the lean path a sweep chunk uses). */
  evaluate(params: StrategyParams, settings: ReturnType<typeof readRunSettings>, fromMs: number, toMs: number): MetricsEvaluation {
    return evaluateMetrics(this.candles(params, fromMs, toMs), this.config(params, fromMs, settings), { cache: this.cache });
  }
}
