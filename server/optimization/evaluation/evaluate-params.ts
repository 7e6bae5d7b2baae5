import { backtestConfigOf, type FundingSeries, compileDocument, isStrategyRegistered, registerCompiledStrategy, type StrategyDocument, createBlockStatistics, equalBlocks, evaluateMetrics, recordDailyReturns, IndicatorCache, type CandleSeries, type RunSettings, type StrategyParams } from '../../engine/index.ts';
import type { ResultSummary } from '../../backtest/index.ts';
import { seriesOfShared, type SharedSeries } from './shared-candles.ts';

/** One batch of parameter sets of a sweep, on one slice of its market: what a thread evaluates. */
export interface EvaluationTask {
  /** Identifies the candles (sweep, window, range): a thread keeps their indicators between tasks. */
  readonly dataKey: string;
  readonly series: readonly SharedSeries[];
  /** Each symbol's funding history (FUTURES settles it; empty otherwise). */
  readonly funding: ReadonlyMap<string, FundingSeries>;
  /** Where the range starts: the candles before it are the sets' indicator history. */
  readonly startTimeMs: number;
  readonly strategy: string;
  /** The document of a user strategy (`strategy` is then its versioned name): the thread compiles it. */
  readonly document?: StrategyDocument;
  readonly symbols: readonly string[];
  readonly settings: RunSettings;
  readonly paramSets: readonly StrategyParams[];
  /** In-sample stages: also each set's daily-return statistics over this many equal blocks of days (for the PBO). */
  readonly blocks?: number;
}

/** A set's metrics, and over an in-sample stage its per-block daily-return statistics. */
export interface EvaluatedSet extends ResultSummary {
  /** [count, Σr, Σr²] per block, block after block; null when the range has fewer days than blocks. */
  readonly blockReturns?: number[] | null;
}

interface PreparedData {
  readonly data: Map<string, CandleSeries>;
  /** Intrabar detail candles: a symbol's series of a finer interval than its run candles. */
  readonly detail: Map<string, CandleSeries>;
  readonly cache: IndicatorCache;
}

/** The last few markets this thread evaluated, with their indicator caches (a sweep reuses one for all its chunks). */
const prepared = new Map<string, PreparedData>();
const PREPARED_KEPT = 2;

function preparedFor(task: EvaluationTask): PreparedData {
  let entry = prepared.get(task.dataKey);
  if (!entry) {
    const data = new Map<string, CandleSeries>(), detail = new Map<string, CandleSeries>();
    for (const shared of task.series) {
      const series = seriesOfShared(shared);
      const other = data.get(series.symbol);
      if (other === undefined) data.set(series.symbol, series);
      else if (series.intervalMs < other.intervalMs) detail.set(series.symbol, series);
      else {
        data.set(series.symbol, series);
        detail.set(series.symbol, other);
      }
    }
    entry = { data, detail, cache: new IndicatorCache() };
    prepared.set(task.dataKey, entry);
    while (prepared.size > PREPARED_KEPT) prepared.delete(prepared.keys().next().value!);
  }
  return entry;
}

/**
 * Every metric of each parameter set, in order, through the engine's lean path (evaluateMetrics: no
 * trade objects, no per-bar curve kept), which equals a full backtest of it bit for bit.
 */
export function evaluateParamSets(task: EvaluationTask): EvaluatedSet[] {
  if (task.document !== undefined && !isStrategyRegistered(task.strategy)) registerCompiledStrategy(compileDocument(task.document, task.strategy));
  const { data, detail, cache } = preparedFor(task);
  const blocks = task.blocks;
  return task.paramSets.map((params) => {
    const config = { ...backtestConfigOf(task.settings, [{ strategy: task.strategy, params, symbols: task.symbols }]), startTimeMs: task.startTimeMs };
    const { dailyReturns, ...result } = evaluateMetrics(data, config, { cache, detail, funding: task.funding, keepDailyReturns: blocks !== undefined });
    return blocks === undefined || !dailyReturns ? result : { ...result, blockReturns: blockReturnsOf(dailyReturns, blocks) };
  });
}

/** [count, Σr, Σr²] of the daily returns in each of `blocks` equal blocks of days (NaN days left out), or null when there are too few days. */
export function blockReturnsOf(dailyReturns: ArrayLike<number>, blocks: number): number[] | null {
  const bounds = equalBlocks(dailyReturns.length, blocks);
  if ('errors' in bounds) return null;
  const stats = createBlockStatistics(1, blocks);
  recordDailyReturns(stats, 0, dailyReturns, bounds);
  return Array.from({ length: blocks }, (_, b) => [stats.count[b], stats.sum[b], stats.sumOfSquares[b]]).flat();
}
