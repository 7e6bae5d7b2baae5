import type { StrategyParams } from '../contract.ts';
import { ATR } from '../indicators/atr.ts';
import { getIndicator } from '../indicators/catalogue.ts';
import { resolveIndicatorParams } from '../indicators/descriptor.ts';
import { higherTimeframeHistoryBars } from '../indicators/history.ts';
import { CANDLE_WARMUP, chainWarmup, exactWarmup, slowestWarmup, type Warmup } from '../indicators/warmup-bars.ts';
import type { ConditionNode, SeriesNode, StrategyDocument } from './document.ts';
import { numberOf } from './params.ts';
import { dynamicParts, staticCondition } from './static.ts';

/**
 * Warm-up of a document, from its graph: bars of history each node needs before its values no longer
 * depend on where the data starts. Along a chain the stages add up (an EMA of an RSI: the RSI's warm-up,
 * then the EMA's, as the descriptors state them); side by side the slowest decides; an offset of n adds n;
 * conditions that read back add what they read (a crossing 1, rising for n bars n, n of the last m bars
 * m − 1); a series on a higher timeframe needs its bars of that timeframe, plus the one not yet closed.
 */
export class WarmupAnalysis {
  private readonly named: Map<string, SeriesNode>;

  constructor(
    document: StrategyDocument,
    private readonly params: StrategyParams,
    private readonly intervalMs: number,
  ) {
    this.named = new Map((document.series ?? []).map((s) => [s.name, s.series]));
  }

  private n(value: Parameters<typeof numberOf>[0]): number {
    return numberOf(value, this.params);
  }

  series(node: SeriesNode, intervalMs = this.intervalMs): Warmup {
    if ('candle' in node || 'constant' in node) return CANDLE_WARMUP;
    if ('ref' in node) return this.series(this.named.get(node.ref)!, intervalMs);
    if ('abs' in node) return this.series(node.abs, intervalMs);
    if ('arithmetic' in node) return slowestWarmup(this.series(node.arithmetic.left, intervalMs), this.series(node.arithmetic.right, intervalMs));
    if ('offset' in node) return chainWarmup(this.series(node.offset.of, intervalMs), exactWarmup(this.n(node.offset.bars)));
    if ('choose' in node) {
      const { if: c, then, else: e } = node.choose;
      const fixed = staticCondition(c, this.params);
      if (fixed !== null) return this.series(fixed ? then : e, intervalMs);
      return slowestWarmup(this.condition(c, intervalMs), this.series(then, intervalMs), this.series(e, intervalMs));
    }
    if ('higherTimeframe' in node) {
      const ms = this.n(node.higherTimeframe.minutes) * 60_000;
      const inner = this.series(node.higherTimeframe.of, ms);
      if (ms <= intervalMs) return inner;
      return { ...inner, bars: higherTimeframeHistoryBars(inner.bars, ms, intervalMs) };
    }
    const descriptor = getIndicator(node.indicator.name)!;
    const given: Record<string, number> = {};
    for (const p of node.indicator.params ?? []) given[p.name] = this.n(p.value);
    const own = descriptor.warmup(resolveIndicatorParams(descriptor, given), { intervalMs });
    if (descriptor.source === null) return own;
    const source: SeriesNode = node.indicator.source ?? { candle: descriptor.source.default };
    return chainWarmup(this.series(source, intervalMs), own);
  }

  condition(node: ConditionNode, intervalMs = this.intervalMs): Warmup {
    if (staticCondition(node, this.params) !== null) return CANDLE_WARMUP;
    const s = (x: SeriesNode) => this.series(x, intervalMs);
    if ('compare' in node) return slowestWarmup(s(node.compare.left), s(node.compare.right));
    if ('crossesAbove' in node || 'crossesBelow' in node) {
      const cross = 'crossesAbove' in node ? node.crossesAbove : node.crossesBelow;
      const sides = [s(cross.left), s(cross.right), ...(cross.scale === undefined ? [] : [s(cross.scale)])];
      return chainWarmup(slowestWarmup(...sides), exactWarmup(1));
    }
    if ('between' in node) return slowestWarmup(s(node.between.of), s(node.between.low), s(node.between.high));
    if ('rising' in node) return chainWarmup(s(node.rising.of), exactWarmup(this.n(node.rising.bars)));
    if ('falling' in node) return chainWarmup(s(node.falling.of), exactWarmup(this.n(node.falling.bars)));
    if ('nOfM' in node) return chainWarmup(this.condition(node.nOfM.condition, intervalMs), exactWarmup(this.n(node.nOfM.m) - 1));
    if ('all' in node || 'any' in node) return slowestWarmup(...dynamicParts('all' in node ? node.all : node.any, this.params).map((c) => this.condition(c, intervalMs)));
    if ('not' in node) return this.condition(node.not, intervalMs);
    return CANDLE_WARMUP;
  }
}

/** One line of the warm-up check users see: a part of the document and the bars it needs. */
export interface WarmupLine {
  /** `series.trend`, `rules.entryLong`, `rules.stops.stopLoss[0]`… */
  readonly path: string;
  readonly bars: number;
  /** True: stable exactly from then on; false: to the recursive indicators' tolerance. */
  readonly exact: boolean;
}

export function documentWarmup(document: StrategyDocument, params: StrategyParams, intervalMs: number): WarmupLine[] {
  const analysis = new WarmupAnalysis(document, params, intervalMs);
  const lines: WarmupLine[] = [];
  const push = (path: string, w: Warmup) => lines.push({ path, bars: w.bars, exact: w.exact });
  for (const s of document.series ?? []) push(`series.${s.name}`, analysis.series(s.series));
  const rules = document.rules;
  for (const key of ['entryLong', 'entryShort', 'exitLong', 'exitShort'] as const) {
    const node = rules[key];
    if (node !== undefined) push(`rules.${key}`, analysis.condition(node));
  }
  (rules.stops?.stopLoss ?? []).forEach((stop, i) => {
    if ('atr' in stop && numberOf(stop.atr.multiple, params) > 0) push(`rules.stops.stopLoss[${i}]`, ATR.warmup({ period: numberOf(stop.atr.period, params) }, { intervalMs }));
  });
  for (const key of ['takeProfit', 'trailing'] as const) {
    const distance = rules.stops?.[key];
    if (distance !== undefined && 'atr' in distance && numberOf(distance.atr.multiple, params) > 0) {
      push(`rules.stops.${key}`, ATR.warmup({ period: numberOf(distance.atr.period, params) }, { intervalMs }));
    }
  }
  return lines;
}

/** Bars of history a run of the document loads before its start: the most any rule or stop needs. */
export function documentHistoryBars(document: StrategyDocument, params: StrategyParams, intervalMs: number): number {
  return Math.max(0, ...documentWarmup(document, params, intervalMs).filter((l) => l.path.startsWith('rules.')).map((l) => l.bars));
}
