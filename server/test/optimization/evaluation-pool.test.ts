import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RUN_SETTINGS,
  PBO_PARTS,
  backtestConfigOf,
  createBlockStatistics,
  generateCandles,
  joinPboSplits,
  mulberry32,
  probabilityOfBacktestOverfitting,
  runBacktest,
  type FundingSeries,
} from '../../engine/index.ts';
import { evaluateParamSets, type EvaluationTask } from '../../optimization/evaluation/evaluate-params.ts';
import { createEvaluator } from '../../optimization/evaluation/evaluation-pool.ts';
import { threadExecArgv } from '../../threads/thread-pool.ts';
import { shareSeries } from '../../optimization/evaluation/shared-candles.ts';

describe('evaluation thread pool', () => {
  const errors: unknown[] = [];
  const evaluator = createEvaluator(2, (error) => errors.push(error));
  afterAll(() => evaluator.close());

  it("gives the threads the process's Node flags without its TypeScript loader (the thread's entry registers tsx as ESM)", () => {
    expect(threadExecArgv(['--import', 'tsx', '--max-old-space-size=4096'])).toEqual(['--max-old-space-size=4096']);
    expect(threadExecArgv(['--require', '/x/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///x/node_modules/tsx/dist/loader.mjs', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(threadExecArgv(['--import=tsx', '--conditions=dev'])).toEqual(['--conditions=dev']);
  });

  it('evaluates on its threads exactly as on the calling thread, over candles in shared memory', async () => {
    const candles = generateCandles({ bars: 3000, seed: 5, symbol: 'AAA' });
    const series = [shareSeries(candles)];
    const paramSets = [5, 8, 13, 21].map((fast) => ({ fast, slow: 50, stopLossPct: 2, riskReward: 2 }));
    const task: EvaluationTask = { dataKey: 'pool-test', series, funding: new Map(), startTimeMs: candles.openTime[500], strategy: 'ema_cross', symbols: ['AAA'], settings: { ...DEFAULT_RUN_SETTINGS, initialCapital: 10_000 }, paramSets };
    const onThreads = await Promise.all(paramSets.map((params) => evaluator.evaluate({ ...task, paramSets: [params] })));
    expect(onThreads.flat()).toEqual(evaluateParamSets(task));
    expect(onThreads.flat().some((result) => (result.metrics.totalTrades ?? 0) > 0)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('settles funding on FUTURES sets as a full backtest with the same funding does, on the threads too', async () => {
    const candles = generateCandles({ bars: 3000, seed: 5, symbol: 'AAA' });
    const times = Array.from({ length: Math.ceil((candles.openTime[candles.length - 1] - candles.openTime[0]) / 28_800_000) }, (_, k) => candles.openTime[0] + k * 28_800_000);
    const rates: FundingSeries = { timeMs: Float64Array.from(times), rate: Float64Array.from(times, (_, k) => 0.0003 * ((k % 5) - 1)) };
    const funding = new Map([['AAA', rates]]);
    const settings = { ...DEFAULT_RUN_SETTINGS, initialCapital: 10_000, marketType: 'FUTURES' as const, leverage: 5 };
    const paramSets = [5, 13].map((fast) => ({ fast, slow: 50 }));
    const startTimeMs = candles.openTime[500];
    const task: EvaluationTask = { dataKey: 'pool-funding', series: [shareSeries(candles)], funding, startTimeMs, strategy: 'ema_cross', symbols: ['AAA'], settings, paramSets };
    const evaluated = evaluateParamSets(task);
    paramSets.forEach((params, k) => {
      const full = runBacktest(new Map([['AAA', candles]]), { ...backtestConfigOf(settings, [{ strategy: 'ema_cross', params, symbols: ['AAA'] }]), startTimeMs }, { funding });
      expect(full.execution.fundingTotal).not.toBe(0);
      expect(evaluated[k].metrics).toEqual(full.metrics);
    });
    // Without the funding history the same sets come out otherwise: the funding is what made them equal.
    const unfunded = evaluateParamSets({ ...task, dataKey: 'pool-no-funding', funding: new Map() });
    expect(unfunded.map((set) => set.metrics.finalEquity)).not.toEqual(evaluated.map((set) => set.metrics.finalEquity));
    expect((await evaluator.evaluate(task)).map((set) => set.metrics)).toEqual(evaluated.map((set) => set.metrics));
  });

  it("enumerates the two parts of a sweep's overfitting splits on two threads, joined to the result on the calling thread", async () => {
    const rng = mulberry32(3);
    const stats = createBlockStatistics(40, 16);
    for (let at = 0; at < stats.count.length; at++) {
      stats.count[at] = 20;
      stats.sum[at] = 0.02 * rng.normal();
      stats.sumOfSquares[at] = stats.sum[at] ** 2 / 20 + 0.002 * rng.next();
    }
    const parts = await Promise.all(PBO_PARTS.map((part) => evaluator.pboSplits(stats, part)));
    const whole = probabilityOfBacktestOverfitting(stats);
    expect(joinPboSplits(stats, parts)).toEqual(whole);
    expect('splits' in whole && whole.splits).toBe(12_870);
    expect(errors).toEqual([]);
  });
});
