import { finalWindow, rankedRows } from './ranked-rows.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readRunSettings } from '../backtest/index.ts';
import {
  backtestConfigOf,
  PBO_PARTS,
  createBlockStatistics,
  deflatedSharpe,
  evaluateMetrics,
  joinPboSplits,
  pboProblems,
  type Percentiles,
} from '../engine/index.ts';
import type { Evaluator } from './evaluation/evaluation-pool.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import { evaluationCandles } from './sweep-history.ts';
import type { LoadedMarket } from './sweep-market.ts';

/**
 * Overfitting statistics of a sweep (engine/validation), over the in-sample rows of the window a sweep
 * chooses from (the whole search, the hold-out's search, or the last walk-forward window's):
 *  - the Probability of Backtest Overfitting by CSCV over the rows' daily returns in `pboBlocks` blocks;
 *  - the Deflated Sharpe Ratio of the best row, its trials being every set the window evaluated.
 * Computed once when the sweep completes and kept in its report; each is null with the reason when the
 * data cannot give it.
 */
export interface OverfittingReport {
  readonly window: number;
  readonly pbo: {
    readonly probability: number;
    readonly splits: number;
    readonly configurations: number;
    readonly blocks: number;
    readonly logitPercentiles: Percentiles;
    readonly probabilityOfLoss: number;
    readonly degradationSlope: number | null;
    readonly meanInSampleSharpe: number;
    readonly meanOutOfSampleSharpe: number;
  } | null;
  readonly pboReason: string | null;
  readonly deflatedSharpe: {
    readonly ratio: number | null;
    /** The best row's Sharpe ratio per day, and the most one of `trials` unrelated sets would reach by luck. */
    readonly dailySharpe: number;
    readonly expectedMaximumDailySharpe: number;
    readonly trials: number;
    readonly observations: number;
    readonly skewness: number;
    readonly kurtosis: number;
  } | null;
  readonly deflatedSharpeReason: string | null;
}

export const pboBlocksOf = (sweep: Pick<IOptimizationSweep, 'pboBlocks'>): number => sweep.pboBlocks;

export async function overfittingReport(em: EntityManager, sweep: IOptimizationSweep, market: LoadedMarket, evaluator: Evaluator): Promise<OverfittingReport> {
  const window = finalWindow(sweep);
  const rows = (await em
    .getConnection()
    .execute(`SELECT block_returns, sharpe_ratio FROM strategy_optimization WHERE sweep_id = ? AND "window" = ? AND phase = 'IN_SAMPLE'`, [sweep.id, window])) as Array<{
    block_returns: number[] | null;
    sharpe_ratio: number | null;
  }>;
  const [pbo, deflated] = await Promise.all([
    pboOf(evaluator, sweep, rows.map((row) => row.block_returns)),
    deflatedSharpeOf(em, sweep, window, market, rows.length, rows.map((row) => row.sharpe_ratio)),
  ]);
  return { window, ...pbo, ...deflated };
}

async function pboOf(evaluator: Evaluator, sweep: IOptimizationSweep, blockReturns: readonly (number[] | null)[]): Promise<Pick<OverfittingReport, 'pbo' | 'pboReason'>> {
  const blocks = sweep.pboBlocks;
  const usable = blockReturns.filter((b): b is number[] => b !== null && b.length === 3 * blocks);
  if (usable.length < 2) {
    const reason = blockReturns.length < 2 ? 'fewer than 2 parameter sets were evaluated' : `the window has fewer days than the ${blocks} blocks`;
    return { pbo: null, pboReason: reason };
  }
  const stats = createBlockStatistics(usable.length, blocks);
  usable.forEach((row, c) => {
    for (let b = 0; b < blocks; b++) {
      const at = b * usable.length + c;
      stats.count[at] = row[3 * b];
      stats.sum[at] = row[3 * b + 1];
      stats.sumOfSquares[at] = row[3 * b + 2];
    }
  });
  const problems = pboProblems(stats);
  if (problems.length > 0) return { pbo: null, pboReason: problems.join('; ') };
  const result = joinPboSplits(stats, await Promise.all(PBO_PARTS.map((part) => evaluator.pboSplits(stats, part))));
  return {
    pbo: {
      probability: result.probabilityOfOverfitting,
      splits: result.splits,
      configurations: result.configurations,
      blocks: result.blocks,
      logitPercentiles: result.logitPercentiles,
      probabilityOfLoss: result.probabilityOfLoss,
      degradationSlope: result.degradation.slope,
      meanInSampleSharpe: result.degradation.meanInSampleSharpe,
      meanOutOfSampleSharpe: result.degradation.meanOutOfSampleSharpe,
    },
    pboReason: null,
  };
}

async function deflatedSharpeOf(
  em: EntityManager,
  sweep: IOptimizationSweep,
  window: number,
  market: LoadedMarket,
  trials: number,
  sharpeRatios: readonly (number | null)[],
): Promise<Pick<OverfittingReport, 'deflatedSharpe' | 'deflatedSharpeReason'>> {
  const [best] = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: true, limit: 1 });
  if (!best || !best.fromDate || !best.toDate) return { deflatedSharpe: null, deflatedSharpeReason: `no parameter set reached ${sweep.minTrades} trades in sample` };
  const fromMs = best.fromDate.getTime();
  const config = { ...backtestConfigOf(readRunSettings(sweep.settings), [{ strategy: sweep.strategy, params: best.params, symbols: sweep.symbols }]), startTimeMs: fromMs };
  // The best set's run again, as its chunk evaluated it: with the sweep's detail candles and funding.
  const candles = evaluationCandles(market.data, sweep, best.params, fromMs, best.toDate.getTime());
  const { dailyReturns } = evaluateMetrics(candles, config, { keepDailyReturns: true, detail: market.detail, funding: market.funding });
  const result = deflatedSharpe({ returns: dailyReturns!, trialSharpeRatios: sharpeRatios.filter((s): s is number => s !== null), trials });
  if ('errors' in result) return { deflatedSharpe: null, deflatedSharpeReason: result.errors.join('; ') };
  return {
    deflatedSharpe: {
      ratio: result.deflatedSharpeRatio,
      dailySharpe: result.sharpe,
      expectedMaximumDailySharpe: result.expectedMaximumSharpe,
      trials: result.trials,
      observations: result.observations,
      skewness: result.skewness,
      kurtosis: result.kurtosis,
    },
    deflatedSharpeReason: null,
  };
}
