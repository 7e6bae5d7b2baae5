import { backtestConfigOf, evaluateMetrics, IndicatorCache, type CandleSeries, type RunSettings, type StrategyParams } from '../../engine/index.ts';
import type { ResultSummary } from '../../backtest/metric-columns.ts';
import { seriesOfShared, type SharedSeries } from './shared-candles.ts';

/** One batch of parameter sets of a sweep, on one slice of its market: what a thread evaluates. */
export interface EvaluationTask {
  /** Identifies the candles (sweep, window, range): a thread keeps their indicators between tasks. */
  readonly dataKey: string;
  readonly series: readonly SharedSeries[];
  /** Where the range starts: the candles before it are the sets' indicator history. */
  readonly startTimeMs: number;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly settings: RunSettings;
  readonly paramSets: readonly StrategyParams[];
}

interface PreparedData {
  readonly data: Map<string, CandleSeries>;
  readonly cache: IndicatorCache;
}

/** The last few markets this thread evaluated, with their indicator caches (a sweep reuses one for all its chunks). */
const prepared = new Map<string, PreparedData>();
const PREPARED_KEPT = 2;

function preparedFor(task: EvaluationTask): PreparedData {
  let entry = prepared.get(task.dataKey);
  if (!entry) {
    entry = { data: new Map(task.series.map((s) => [s.symbol, seriesOfShared(s)])), cache: new IndicatorCache() };
    prepared.set(task.dataKey, entry);
    while (prepared.size > PREPARED_KEPT) prepared.delete(prepared.keys().next().value!);
  }
  return entry;
}

/**
 * Every metric of each parameter set, in order, through the engine's lean path (evaluateMetrics: no
 * trade objects, no per-bar curve kept), which equals a full backtest of it bit for bit.
 */
export function evaluateParamSets(task: EvaluationTask): ResultSummary[] {
  const { data, cache } = preparedFor(task);
  return task.paramSets.map((params) =>
    evaluateMetrics(data, { ...backtestConfigOf(task.settings, [{ strategy: task.strategy, params, symbols: task.symbols }]), startTimeMs: task.startTimeMs }, { cache }),
  );
}
