import { finalWindow, rankedRows, rowsAt } from './ranked-rows.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { backtestConfigOf, downsampleEquity, runBacktest, type StrategyParams } from '../engine/index.ts';
import {
  paramsKey,
  parameterSpace,
  parameterStability,
  robustness,
  stitchOutOfSample,
  walkForwardEfficiency,
  type OutOfSampleRun,
  type Robustness,
} from '../engine/optimizer/index.ts';
import { getStrategy } from '../engine/index.ts';
import { readRunSettings } from '../backtest/index.ts';
import { resultColumnValues } from '../backtest/index.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import { evaluationCandles } from './sweep-history.ts';
import type { LoadedMarket } from './sweep-market.ts';
import type { SweepWindow } from './sweep-plan.ts';
import { plateauChoice } from './sweep-tests.ts';
import type { IStrategyOptimization } from './strategy-optimization.entity.ts';

/** Points of the stitched out-of-sample curves kept in the report (the downsampler keeps every extreme). */
const STITCHED_POINTS = 500;

/** What a walk-forward sweep stores beyond its rows: the stitched out-of-sample accounts (they need full runs). */
export interface StoredWalkForward {
  readonly stitched: StitchedAccount;
  readonly baselineStitched: StitchedAccount;
}

export interface StitchedAccount {
  readonly metrics: ReturnType<typeof resultColumnValues>;
  readonly curve: Array<{ timeMs: number; equity: number; drawdownPct: number }>;
  /** Each window's part of the account; a thin one (fewer trades than minTrades) is flagged, its return luck rather than evidence. */
  readonly windows?: Array<{ window: number; fromMs: number; toMs: number; trades: number; roi: number; thin: boolean }>;
}

/**
 * Each window's chosen parameters (and, for comparison, the current ones) run in full on that window's
 * out-of-sample candles, stitched into one account (engine stitchOutOfSample): the equity a trader
 * following the walk-forward process would have had.
 */
export async function stitchWalkForward(em: EntityManager, sweep: IOptimizationSweep, windows: readonly SweepWindow[], market: LoadedMarket): Promise<StoredWalkForward> {
  const settings = readRunSettings(sweep.settings);
  const chosen: StrategyParams[] = [];
  for (const w of windows) {
    const [winner] = await rankedRows(em, sweep, { window: w.window, phase: 'IN_SAMPLE', eligibleOnly: false, limit: 1 });
    chosen.push(winner?.params ?? sweep.baseParams);
  }
  const account = (paramsOf: (k: number) => StrategyParams): StitchedAccount => {
    const results = windows.map((w, k) => {
      const params = paramsOf(k);
      const candles = evaluationCandles(market.data, sweep, params, w.test!.fromMs, w.test!.toMs);
      const config = { ...backtestConfigOf(settings, [{ strategy: sweep.strategy, params, symbols: sweep.symbols }]), startTimeMs: w.test!.fromMs };
      return runBacktest(candles, config, { detail: market.detail, funding: market.funding });
    });
    const runs: OutOfSampleRun[] = results.map((result) => ({ curve: result.equity, trades: result.trades, initialCapital: settings.initialCapital }));
    const stitched = stitchOutOfSample(runs);
    if ('errors' in stitched) throw new Error(stitched.errors.join('; '));
    const keep = stitched.curve.timeMs.length > 0 ? downsampleEquity(stitched.curve.timeMs, stitched.curve.equity, STITCHED_POINTS) : new Int32Array();
    return {
      metrics: resultColumnValues({ metrics: stitched.metrics, warmupBars: 0, skippedEntries: {}, entriesShrunkToCash: 0 }),
      curve: Array.from(keep, (i) => ({ timeMs: stitched.curve.timeMs[i], equity: stitched.curve.equity[i], drawdownPct: stitched.curve.drawdownPct[i] })),
      windows: windows.map((w, k) => ({
        window: w.window,
        fromMs: w.test!.fromMs,
        toMs: w.test!.toMs,
        trades: results[k].trades.length,
        roi: results[k].metrics.roi,
        thin: results[k].trades.length < sweep.minTrades,
      })),
    };
  };
  return { stitched: account((k) => chosen[k]), baselineStitched: account(() => sweep.baseParams) };
}

/** One walk-forward window as reported: ranges, the chosen parameters, their in-sample and out-of-sample rows. */
export interface WalkForwardWindowReport {
  readonly window: number;
  readonly inSample: IStrategyOptimization | null;
  readonly outOfSample: IStrategyOptimization | null;
  readonly baselineOutOfSample: IStrategyOptimization | null;
}

/** Per-window results, efficiency and parameter stability, read from the stored rows. */
export async function walkForwardReport(em: EntityManager, sweep: IOptimizationSweep) {
  const windowCount = sweep.validation?.walkForward?.windows ?? 0;
  const windows: WalkForwardWindowReport[] = [];
  for (let window = 1; window <= windowCount; window++) {
    const [inSample] = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: false, limit: 1 });
    const keys = [inSample?.paramsKey, paramsKey(sweep.baseParams)].filter((key): key is string => key !== undefined);
    const tested = new Map((await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, keys)).map((row) => [row.paramsKey, row]));
    windows.push({
      window,
      inSample: inSample ?? null,
      outOfSample: inSample ? (tested.get(inSample.paramsKey) ?? null) : null,
      baselineOutOfSample: tested.get(paramsKey(sweep.baseParams)) ?? null,
    });
  }
  const complete = windows.filter((w) => w.inSample && w.outOfSample);
  const duration = (row: IStrategyOptimization) => (row.toDate && row.fromDate ? row.toDate.getTime() - row.fromDate.getTime() : 0);
  const efficiency = walkForwardEfficiency(
    complete.map((w) => ({
      inSampleRoi: w.inSample!.roi ?? 0,
      inSampleDurationMs: duration(w.inSample!),
      outOfSampleRoi: w.outOfSample!.roi ?? 0,
      outOfSampleDurationMs: duration(w.outOfSample!),
      outOfSampleTrades: w.outOfSample!.totalTrades ?? 0,
    })),
    sweep.minTrades,
  );
  const spec = getStrategy(sweep.strategy);
  const space = spec ? parameterSpace(spec, sweep.parameterRanges, sweep.baseParams) : null;
  const stability =
    space && !('errors' in space) ? parameterStability(complete.map((w) => w.inSample!.params), space.axes) : { parameters: [], overall: null };
  return { windows, efficiency, stability, stored: (sweep.report?.walkForward ?? null) as StoredWalkForward | null };
}

/** A hold-out's tested rows beside their in-sample rows, in in-sample rank order. */
export async function holdoutReport(em: EntityManager, sweep: IOptimizationSweep) {
  if (!sweep.validation?.holdoutFraction) return null;
  const outOfSample = await rankedRows(em, sweep, { window: 0, phase: 'OUT_OF_SAMPLE', eligibleOnly: false });
  const ranked = await rankedRows(em, sweep, { window: 0, phase: 'IN_SAMPLE', eligibleOnly: false });
  const plateau = plateauChoice(sweep, ranked);
  const inSampleRank = new Map(ranked.map((row, i) => [row.paramsKey, { row, rank: i + 1 }]));
  const baselineKey = paramsKey(sweep.baseParams);
  return outOfSample
    .map((row) => ({
      params: row.params,
      inSampleRank: inSampleRank.get(row.paramsKey)?.rank ?? null,
      inSample: inSampleRank.get(row.paramsKey)?.row ?? null,
      outOfSample: row,
      isCurrent: row.paramsKey === baselineKey,
      isPlateauChoice: row.paramsKey === plateau?.paramsKey,
    }))
    .sort((a, b) => (a.inSampleRank ?? Infinity) - (b.inSampleRank ?? Infinity));
}

/** Robustness of the sweep's best in-sample row (of its final window): its neighbours' scores and where it sits in the ranges. */
export async function sweepRobustness(em: EntityManager, sweep: IOptimizationSweep): Promise<(Robustness & { bestRowId: string }) | null> {
  const window = finalWindow(sweep);
  const ranked = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: false });
  const best = ranked[0];
  const spec = getStrategy(sweep.strategy);
  const space = spec ? parameterSpace(spec, sweep.parameterRanges, sweep.baseParams) : null;
  if (!best || typeof best.score !== 'number' || !space || 'errors' in space) return null;
  const baseline = ranked.find((row) => row.paramsKey === paramsKey(sweep.baseParams));
  const result = robustness({ params: best.params, score: best.score }, ranked.map((row) => ({ params: row.params, score: row.score ?? null })), space.axes, baseline?.score ?? Number.NEGATIVE_INFINITY);
  return { ...result, bestRowId: best.id };
}
