import { readRunSettings } from '../backtest/run-settings.ts';
import { backtestConfigOf, evaluateMetrics, IndicatorCache, runBacktest, sliceByTime, tradeReturnsPct, type CandleSeries, type MetricsEvaluation, type StrategyParams } from '../engine/index.ts';
import { candleRangeOf, loadCandleRange } from '../market-data/range-loader.ts';
import type { IOptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import type { AppServices } from '../services.ts';

/**
 * A sweep's market in this job, for the runs recommendations need beyond the stored rows: per-trade
 * returns on the validation data (Monte Carlo), and small in-process grids (RISK).
 */
export class SweepMarket {
  private readonly cache = new IndicatorCache();
  private readonly slices = new Map<string, Map<string, CandleSeries>>();

  private constructor(
    private readonly sweep: IOptimizationSweep,
    private readonly data: ReadonlyMap<string, CandleSeries>,
  ) {}

  static async load(services: AppServices, sweep: IOptimizationSweep): Promise<SweepMarket> {
    const { data } = await loadCandleRange(services, { ...candleRangeOf(sweep), fetchMissingData: false });
    return new SweepMarket(sweep, data);
  }

  /** The candles opening in [fromMs, toMs), the same slice a chunk evaluated (views, no copy). */
  slice(fromMs: number, toMs: number): Map<string, CandleSeries> {
    const key = `${fromMs}:${toMs}`;
    let slice = this.slices.get(key);
    if (!slice) {
      slice = new Map([...this.data].map(([symbol, series]) => [symbol, sliceByTime(series, fromMs, toMs)]));
      this.slices.set(key, slice);
    }
    return slice;
  }

  private config(params: StrategyParams, settings = readRunSettings(this.sweep.settings)) {
    return backtestConfigOf(settings, [{ strategy: this.sweep.strategy, params, symbols: this.sweep.symbols }]);
  }

  /** Each trade's P/L in % of equity at entry, on [fromMs, toMs) (with other settings when given: RISK sizing). */
  tradeReturns(params: StrategyParams, fromMs: number, toMs: number, settings = readRunSettings(this.sweep.settings)): Float64Array {
    const config = this.config(params, settings);
    const result = runBacktest(this.slice(fromMs, toMs), config, { cache: this.cache });
    return tradeReturnsPct(result.trades, result.equity, config.initialCapital);
  }

  /** Every metric of a configuration on [fromMs, toMs) (the lean path a sweep chunk uses). */
  evaluate(params: StrategyParams, settings: ReturnType<typeof readRunSettings>, fromMs: number, toMs: number): MetricsEvaluation {
    return evaluateMetrics(this.slice(fromMs, toMs), this.config(params, settings), { cache: this.cache });
  }
}
