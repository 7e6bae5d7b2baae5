import type { CandleSeries, StrategyParams } from '../contract.ts';
import { IndicatorCache } from '../indicators/cache.ts';
import { resample } from '../resample.ts';
import { sliceSeries } from '../slice-by-time.ts';
import { Signal, type StrategyModule } from '../strategies/types.ts';

/** A strategy's decisions on every bar: direction, stop, target, trailing distance, entry price (NaN = none) and confidence. */
export interface Decisions {
  readonly warmup: number;
  readonly direction: Int8Array;
  readonly stopLoss: Float64Array;
  readonly takeProfit: Float64Array;
  readonly trailingDistance: Float64Array;
  readonly confidence: Float64Array;
  readonly entryPrice: Float64Array;
}

/** Prepares a strategy on its own cache and asks for a decision on every bar from its warm-up on. */
export function decisionsOf(module: StrategyModule, series: CandleSeries, params: StrategyParams): Decisions {
  const cache = new IndicatorCache();
  const prepared = module.prepare({ series, params, cache, higherTimeframe: (ms) => cache.get(series, `resample:${ms}`, () => resample(series, ms)) });
  const n = series.length;
  const direction = new Int8Array(n), stopLoss = new Float64Array(n).fill(NaN), takeProfit = new Float64Array(n).fill(NaN), confidence = new Float64Array(n), entryPrice = new Float64Array(n).fill(NaN);
  const trailingDistance = new Float64Array(n).fill(NaN);
  const signal = new Signal();
  for (let i = Math.max(prepared.warmup, 0); i < n; i++) {
    signal.reset();
    prepared.decide(i, signal);
    direction[i] = signal.direction;
    stopLoss[i] = signal.stopLoss;
    takeProfit[i] = signal.takeProfit;
    trailingDistance[i] = signal.trailingDistance;
    confidence[i] = signal.confidence;
    entryPrice[i] = signal.entryPrice;
  }
  return { warmup: prepared.warmup, direction, stopLoss, takeProfit, trailingDistance, confidence, entryPrice };
}

export interface LookAheadFinding {
  /** Candles kept (the range cut after this many bars). */
  readonly cut: number;
  /** First bar whose decision differs between the cut range and the full one. */
  readonly bar: number;
  readonly openTimeMs: number;
  readonly full: string;
  readonly cutRange: string;
}

export interface LookAheadReport {
  readonly cuts: readonly number[];
  readonly barsCompared: number;
  /** Empty when every cut agrees with the full range on every bar they share. */
  readonly findings: readonly LookAheadFinding[];
}

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

function describeAt(d: Decisions, i: number): string {
  if (i < d.warmup) return 'warming up';
  const names: Record<number, string> = { 0: 'nothing', 1: 'LONG', [-1]: 'SHORT', 2: 'EXIT', 3: 'EXIT_LONG', [-3]: 'EXIT_SHORT' };
  const extra = [
    Number.isNaN(d.stopLoss[i]) ? '' : ` stop ${d.stopLoss[i]}`,
    Number.isNaN(d.takeProfit[i]) ? '' : ` target ${d.takeProfit[i]}`,
    Number.isNaN(d.trailingDistance[i]) ? '' : ` trailing ${d.trailingDistance[i]}`,
    Number.isNaN(d.entryPrice[i]) ? '' : ` entry at ${d.entryPrice[i]}`,
  ].join('');
  return `${names[d.direction[i]] ?? d.direction[i]}${extra}`;
}

/**
 * The look-ahead check: decisions computed on the range cut after `cut` bars must equal, bar for bar,
 * the full range's decisions over the bars both have. A strategy that reads a future bar (directly, or
 * through a higher-timeframe candle that has not closed yet) decides differently once that bar is cut off.
 * Cuts are spread over the range (`count` of them), deterministic.
 */
export function lookAheadCheck(module: StrategyModule, series: CandleSeries, params: StrategyParams, count = 12): LookAheadReport {
  const full = decisionsOf(module, series, params);
  const cuts: number[] = [];
  for (let k = 1; k <= count; k++) cuts.push(Math.max(2, Math.floor((series.length * k) / (count + 1))));
  const findings: LookAheadFinding[] = [];
  let barsCompared = 0;
  for (const cut of cuts) {
    const part = decisionsOf(module, sliceSeries(series, { start: 0, end: cut }), params);
    for (let i = 0; i < cut; i++) {
      barsCompared++;
      const inWarmup = (i < part.warmup) !== (i < full.warmup);
      if (inWarmup || part.direction[i] !== full.direction[i] || !same(part.stopLoss[i], full.stopLoss[i]) || !same(part.takeProfit[i], full.takeProfit[i]) || !same(part.trailingDistance[i], full.trailingDistance[i]) || !same(part.confidence[i], full.confidence[i]) || !same(part.entryPrice[i], full.entryPrice[i])) {
        findings.push({ cut, bar: i, openTimeMs: series.openTime[i], full: describeAt(full, i), cutRange: describeAt(part, i) });
        break;
      }
    }
  }
  return { cuts, barsCompared, findings };
}
