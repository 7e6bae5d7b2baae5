import type { CandleSeries, PositionSizing, StrategyParams } from '../contract.ts';
import type { IndicatorCache } from '../indicators/cache.ts';
import { getIndicator } from '../indicators/catalogue.ts';
import { sideOf } from '../indicators/crossing.ts';
import { resolveIndicatorParams } from '../indicators/descriptor.ts';
import type { SeriesRef } from '../indicators/series-ref.ts';
import { leadingNaN } from '../indicators/warmup.ts';
import type { HigherTimeframe } from '../resample.ts';
import { EXIT, EXIT_LONG, EXIT_SHORT, LONG, NO_ENTRY_PRICE, SHORT, clamp01, defineStrategy, type PreparedStrategy, type StrategyContext, type StrategyModule } from '../strategies/types.ts';
import { kindOf, SIZING_MODE_OF, type ConditionNode, type NumberValue, type SeriesNode, type StopNode, type StrategyDocument, type TargetNode, type TrailingNode } from './document.ts';
import { fusedAtBar, fusedCondition, fusedSeries, type FuseHost } from './fuse.ts';
import { constraintOf, numberOf, paramSpecsOf } from './params.ts';
import { dynamicParts, staticCondition, staticNumber } from './static.ts';
import { documentHistoryBars } from './warmup.ts';

/** A series computed over one set of candles, with the key that identifies it among all series over them. */
interface Computed {
  readonly key: string;
  readonly values: Float64Array;
}

/** A condition over all bars (1 = holds). */
interface ComputedCondition {
  readonly key: string;
  readonly bits: Uint8Array;
}

/** The candles a node is evaluated on: the run's, or a higher timeframe's (inside higherTimeframe). */
interface Frame {
  readonly candles: CandleSeries;
  /** Resampled candles; only the base frame has them. */
  readonly higherTimeframe: ((intervalMs: number) => HigherTimeframe) | null;
}

/**
 * Evaluates a document's nodes once over all bars, vectorised: a series node becomes a Float64Array, a
 * condition node a Uint8Array. Every result is cached in the IndicatorCache under a key made from the node
 * with its parameters resolved, so a sweep computes each distinct series and condition once.
 */
export class DocumentEvaluator {
  private readonly named: Map<string, SeriesNode>;
  /**
   * While the rules are evaluated: the most leading undefined bars of any series they read on the run's
   * candles, and the most bars any of their nodes reads back (offsets, crossings, rising, n of m). The
   * strategy's first decision is at their sum (PreparedStrategy.warmup), as the built-ins count theirs.
   */
  tracking = false;
  maxLead = 0;
  maxBack = 0;

  constructor(
    document: StrategyDocument,
    private readonly params: StrategyParams,
    private readonly cache: IndicatorCache,
  ) {
    this.named = new Map((document.series ?? []).map((s) => [s.name, s.series]));
    this.references = referenceCounts(document);
  }

  private readonly references: ReadonlyMap<string, number>;

  private n(value: NumberValue): number {
    return numberOf(value, this.params);
  }

  private lead(values: Float64Array, frame: Frame): void {
    if (this.tracking && frame.higherTimeframe !== null) this.maxLead = Math.max(this.maxLead, leadingNaN(values));
  }

  private back(bars: number, frame: Frame): void {
    if (this.tracking && frame.higherTimeframe !== null) this.maxBack = Math.max(this.maxBack, bars);
  }

  series(node: SeriesNode, frame: Frame): Computed {
    const computed = this.seriesOf(node, frame);
    if ('candle' in node || 'indicator' in node) this.lead(computed.values, frame);
    return computed;
  }

  private seriesOf(node: SeriesNode, frame: Frame): Computed {
    const candles = frame.candles;
    if ('candle' in node) return { key: node.candle, values: this.cache.series(candles, node.candle) };
    if ('ref' in node) return this.series(this.named.get(node.ref)!, frame);
    if ('indicator' in node) return this.indicator(node.indicator, frame);
    if ('constant' in node) {
      const c = this.n(node.constant);
      return this.derived(candles, `const(${c})`, () => new Float64Array(candles.length).fill(c));
    }
    if ('higherTimeframe' in node) return this.higherTimeframe(node.higherTimeframe.minutes, node.higherTimeframe.of, frame);
    if ('offset' in node && this.n(node.offset.bars) === 0) {
      this.back(0, frame);
      return this.series(node.offset.of, frame);
    }
    // Arithmetic, abs, choose and offsets: one fused loop over the bars.
    const fused = fusedSeries(this.host(frame), node);
    return this.derived(candles, fused.key, () => fused.compute(candles.length));
  }

  /** What the fuser reads through this evaluator on a frame: leaves as cached arrays, with warm-up tracked. */
  private host(frame: Frame): FuseHost {
    return {
      number: (node) => this.staticValue(node),
      leafSeries: (node) => this.series(node, frame),
      leafCondition: (node) => this.condition(node, frame),
      sharedNamed: (ref) => {
        const node = this.named.get(ref)!;
        const simple = 'candle' in node || 'indicator' in node || 'ref' in node || this.staticValue(node) !== null;
        return !simple && (this.references.get(ref) ?? 0) > 1 ? this.series(node, frame) : null;
      },
      named: (ref) => this.named.get(ref)!,
      staticCondition: (node) => staticCondition(node, this.params),
      dynamicParts: (parts) => dynamicParts(parts, this.params),
      offsetBars: (node) => {
        const bars = this.n(node.offset.bars);
        this.back(bars, frame);
        return bars;
      },
    };
  }

  private staticValue(node: SeriesNode): number | null {
    return staticNumber(node, this.params, (ref) => this.named.get(ref));
  }

  private derived(candles: CandleSeries, key: string, compute: () => Float64Array): Computed {
    return { key, values: this.cache.get(candles, `language:${key}`, compute) };
  }

  private indicator(node: Extract<SeriesNode, { indicator: unknown }>['indicator'], frame: Frame): Computed {
    const descriptor = getIndicator(node.name)!;
    const given: Record<string, number> = {};
    for (const p of node.params ?? []) given[p.name] = this.n(p.value);
    const params = resolveIndicatorParams(descriptor, given);
    const output = node.output ?? descriptor.outputs[0].name;
    let source: SeriesRef | undefined;
    let sourceKey = '';
    if (descriptor.source !== null && node.source !== undefined) {
      if ('candle' in node.source) source = sourceKey = node.source.candle;
      else {
        const computed = this.series(node.source, frame);
        source = { key: computed.key, values: computed.values };
        sourceKey = computed.key;
      }
    } else if (descriptor.source !== null) sourceKey = descriptor.source.default;
    const key = `${descriptor.name}(${descriptor.params.map((p) => params[p.name]).join(',')})<${sourceKey}>.${output}`;
    return { key, values: this.cache.indicator(frame.candles, descriptor.name, params, source)[output] };
  }

  private higherTimeframe(minutesValue: NumberValue, of: SeriesNode, frame: Frame): Computed {
    if (frame.higherTimeframe === null) throw new Error('a higher timeframe inside a higher timeframe');
    const base = frame.candles;
    const ms = this.n(minutesValue) * 60_000;
    // 0 (or the candles' own length) is the run's own timeframe, so a parameter can switch a timeframe off.
    if (ms === 0 || ms === base.intervalMs) return this.series(of, { candles: base, higherTimeframe: null });
    if (ms < base.intervalMs || ms % base.intervalMs !== 0) {
      throw new Error(`a higher timeframe of ${ms / 60_000} minutes is not a multiple of the ${base.intervalMs / 60_000}-minute candles`);
    }
    const htf = frame.higherTimeframe(ms);
    const inner = this.series(of, { candles: htf.series, higherTimeframe: null });
    const aligned = this.derived(base, `htf(${ms},${inner.key})`, () => {
      const out = new Float64Array(base.length);
      const visibleAt = htf.visibleAt;
      for (let i = 0; i < out.length; i++) out[i] = visibleAt[i] >= 0 ? inner.values[visibleAt[i]] : NaN;
      return out;
    });
    this.lead(aligned.values, frame);
    return aligned;
  }

  /** A series as a function of the bar, for what is read on few bars (fuse.ts fusedAtBar). */
  scalar(node: SeriesNode, frame: Frame): (i: number) => number {
    return fusedAtBar(this.host(frame), node);
  }

  condition(node: ConditionNode, frame: Frame): ComputedCondition {
    const candles = frame.candles;
    const length = candles.length;
    const fixed = staticCondition(node, this.params);
    if (fixed !== null) return this.bits(candles, `always(${fixed})`, () => new Uint8Array(length).fill(fixed ? 1 : 0));
    if ('compare' in node || 'between' in node || 'all' in node || 'any' in node || 'not' in node) {
      const fused = fusedCondition(this.host(frame), node);
      return 'bits' in fused ? fused : this.bits(candles, fused.key, () => fused.compute(length));
    }
    if ('crossesAbove' in node || 'crossesBelow' in node) {
      const above = 'crossesAbove' in node;
      const cross = above ? node.crossesAbove : node.crossesBelow;
      this.back(1, frame);
      const a = this.series(cross.left, frame), b = this.series(cross.right, frame);
      const scale = cross.scale === undefined ? undefined : this.series(cross.scale, frame);
      // One pass finds the crossings both ways: the other direction is stored too, as a strategy usually reads both.
      const keyOf = (direction: 'Above' | 'Below') => `cross${direction}(${a.key},${b.key},${scale?.key ?? ''})`;
      return this.bits(candles, keyOf(above ? 'Above' : 'Below'), () => {
        const both = crossings(a.values, b.values, scale?.values);
        this.bits(candles, keyOf(above ? 'Below' : 'Above'), () => (above ? both.below : both.above));
        return above ? both.above : both.below;
      });
    }
    if ('rising' in node || 'falling' in node) {
      const rising = 'rising' in node;
      const trend = rising ? node.rising : node.falling;
      const bars = this.n(trend.bars);
      this.back(bars, frame);
      const x = this.series(trend.of, frame);
      return this.bits(candles, `${rising ? 'rising' : 'falling'}(${x.key},${bars})`, () => {
        const out = new Uint8Array(length);
        let run = 0;
        for (let i = 1; i < length; i++) {
          run = (rising ? x.values[i] > x.values[i - 1] : x.values[i] < x.values[i - 1]) ? run + 1 : 0;
          out[i] = run >= bars ? 1 : 0;
        }
        return out;
      });
    }
    if ('nOfM' in node) {
      const n = this.n(node.nOfM.n), m = this.n(node.nOfM.m);
      this.back(m - 1, frame);
      const c = this.condition(node.nOfM.condition, frame);
      return this.bits(candles, `nOfM(${c.key},${n},${m})`, () => {
        const out = new Uint8Array(length);
        let count = 0;
        for (let i = 0; i < length; i++) {
          count += c.bits[i];
          if (i >= m) count -= c.bits[i - m];
          out[i] = count >= n ? 1 : 0;
        }
        return out;
      });
    }
    throw new Error('a flag is decided by the parameters alone');
  }

  private bits(candles: CandleSeries, key: string, compute: () => Uint8Array): ComputedCondition {
    return { key, bits: this.cache.get(candles, `language?:${key}`, compute) };
  }
}

/**
 * Bars where a crosses b upwards and downwards, by the tie rule of indicators/crossing.ts in one forward
 * pass: the side held is the last side beyond the tie band since the last undefined bar, and a crossing is
 * a bar beyond the band on the other side.
 */
function crossings(a: Float64Array, b: Float64Array, scale: Float64Array | undefined): { above: Uint8Array; below: Uint8Array } {
  const above = new Uint8Array(a.length), below = new Uint8Array(a.length);
  let held = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i], bi = b[i];
    if (ai !== ai || bi !== bi) {
      held = 0;
      continue;
    }
    // Still on the side held (beyond the band or inside it): nothing changes, and the band need not be computed.
    if ((ai - bi) * held > 0) continue;
    const side = sideOf(ai, bi, scale === undefined ? 0 : scale[i]);
    if (side === 0) continue;
    if (held === -side) (side === 1 ? above : below)[i] = 1;
    held = side;
  }
  return { above, below };
}

/** Per-bar stop/target distances, ready for decide. */
interface StopPlan {
  readonly stops: readonly { readonly on: boolean; distance(i: number, close: number): number }[];
  readonly target: ((i: number, close: number, stopDistance: number) => number) | null;
  /** The trailing stop: a fraction of the best price, or a distance fixed on the signal bar (null: the run's). */
  readonly trailingFraction: number;
  readonly trailingDistance: ((i: number) => number) | null;
  /** Series read by the stops (ATR), for the warm-up. */
  readonly series: readonly Float64Array[];
}

function planStops(document: StrategyDocument, params: StrategyParams, ctx: StrategyContext): StopPlan {
  const series: Float64Array[] = [];
  const atrOf = (period: NumberValue): Float64Array => {
    const atr = ctx.cache.atr(ctx.series, numberOf(period, params));
    series.push(atr);
    return atr;
  };
  const distanceOf = (node: StopNode | TargetNode | TrailingNode): { on: boolean; distance(i: number, close: number): number } => {
    if ('percent' in node) {
      const fraction = numberOf(node.percent, params) / 100;
      return { on: fraction > 0, distance: (_i, close) => close * fraction };
    }
    if ('atr' in node) {
      const multiple = numberOf(node.atr.multiple, params);
      if (!(multiple > 0)) return { on: false, distance: () => NaN };
      const atr = atrOf(node.atr.period);
      return { on: true, distance: (i) => multiple * atr[i] };
    }
    throw new Error('riskReward is a target, not a stop');
  };
  const stops = (document.rules.stops?.stopLoss ?? []).map(distanceOf).filter((s) => s.on);
  const targetNode = document.rules.stops?.takeProfit;
  let target: StopPlan['target'] = null;
  if (targetNode !== undefined) {
    if ('riskReward' in targetNode) {
      const rr = numberOf(targetNode.riskReward, params);
      if (rr > 0) target = (_i, _close, stopDistance) => rr * stopDistance;
    } else {
      const d = distanceOf(targetNode);
      if (d.on) target = (i, close) => d.distance(i, close);
    }
  }
  const trailingNode = document.rules.stops?.trailing;
  let trailingFraction = NaN;
  let trailingDistance: StopPlan['trailingDistance'] = null;
  if (trailingNode !== undefined && 'percent' in trailingNode) {
    const fraction = numberOf(trailingNode.percent, params) / 100;
    if (fraction > 0) trailingFraction = fraction;
  } else if (trailingNode !== undefined) {
    const d = distanceOf(trailingNode);
    if (d.on) trailingDistance = (i) => d.distance(i, NaN);
  }
  return { stops, target, trailingFraction, trailingDistance, series };
}

/** The document's sizing for these parameters as the engine's, or undefined (not positive: the run's). */
export function sizingOf(document: StrategyDocument, params: StrategyParams): PositionSizing | undefined {
  const node = document.rules.sizing;
  if (node === undefined) return undefined;
  const kind = kindOf(node);
  const value = numberOf((node as Record<typeof kind, NumberValue>)[kind], params);
  return value > 0 ? { mode: SIZING_MODE_OF[kind], value } : undefined;
}

/**
 * A document compiled once per run: every condition is evaluated over all bars in prepare() into one
 * action per bar (entry long, entry short, exit), so decide(i) reads an array and nextDecision scans it.
 */
export function compileDocument(document: StrategyDocument, name: string): StrategyModule {
  const named = document.series ?? [];
  return defineStrategy({
    name,
    description: document.description ?? document.name,
    params: paramSpecsOf(document),
    constraints: (document.constraints ?? []).map(constraintOf),
    chart: {},
    historyBars: (params, intervalMs) => documentHistoryBars(document, params, intervalMs),
    ranksEntries: document.rules.rank !== undefined,
    prepare(ctx: StrategyContext): PreparedStrategy {
      const evaluator = new DocumentEvaluator(document, ctx.params, ctx.cache);
      const frame: Frame = { candles: ctx.series, higherTimeframe: (ms) => ctx.higherTimeframe(ms) };
      const length = ctx.series.length;
      const rules = document.rules;
      const conditionOf = (node: ConditionNode | undefined) => (node === undefined || staticCondition(node, ctx.params) === false ? null : evaluator.condition(node, frame));
      evaluator.tracking = true;
      const entryLong = conditionOf(rules.entryLong), entryShort = conditionOf(rules.entryShort);
      const exitLong = conditionOf(rules.exitLong), exitShort = conditionOf(rules.exitShort);
      evaluator.tracking = false;
      const plan = planStops(document, ctx.params, ctx);
      const warmup = Math.max(evaluator.maxLead, ...plan.series.map(leadingNaN)) + evaluator.maxBack;
      const action = actionsOf(length, warmup, entryLong?.bits, entryShort?.bits, exitLong?.bits, exitShort?.bits);
      const confidenceLong = rules.confidenceLong === undefined ? null : evaluator.scalar(rules.confidenceLong, frame);
      const confidenceShort = rules.confidenceShort === undefined ? null : evaluator.scalar(rules.confidenceShort, frame);
      const rankAt = rules.rank === undefined ? undefined : evaluator.scalar(rules.rank, frame);
      const entryPriceLong = rules.entryPriceLong === undefined ? null : evaluator.scalar(rules.entryPriceLong, frame);
      const entryPriceShort = rules.entryPriceShort === undefined ? null : evaluator.scalar(rules.entryPriceShort, frame);
      const close = ctx.series.close;
      const { stops, target, trailingFraction, trailingDistance } = plan;
      const sizing = sizingOf(document, ctx.params);
      // Only for the trades' signalIndicators, after the bar loop: computed on first use.
      let namedValues: (readonly [string, (i: number) => number])[] | null = null;
      return {
        ...(sizing === undefined ? {} : { sizing }),
        warmup,
        ...(rankAt && { rankAt }),
        decide(i, out) {
          const a = action[i];
          if (a === 0) return;
          out.direction = a;
          if (a !== LONG && a !== SHORT) return;
          const confidence = a === LONG ? confidenceLong : confidenceShort;
          out.confidence = confidence === null ? 1 : clamp01(confidence(i));
          out.trailingFraction = trailingFraction;
          if (trailingDistance !== null) {
            const distance = trailingDistance(i);
            if (distance > 0) out.trailingDistance = distance;
          }
          const entryPrice = a === LONG ? entryPriceLong : entryPriceShort;
          if (entryPrice !== null) {
            const price = entryPrice(i);
            out.entryPrice = price > 0 && price < Infinity ? price : NO_ENTRY_PRICE;
          }
          if (stops.length === 0) {
            if (target !== null) out.takeProfit = close[i] + a * target(i, close[i], NaN);
            return;
          }
          const distance = stops[0].distance(i, close[i]);
          if (!(distance > 0)) return;
          out.stopLoss = close[i] - a * distance;
          if (target !== null) out.takeProfit = close[i] + a * target(i, close[i], distance);
        },
        nextDecision(from, to) {
          let i = from;
          while (i < to && action[i] === 0) i++;
          return i;
        },
        indicatorsAt(i) {
          const values: Record<string, number> = {};
          namedValues ??= named.map((s) => [s.name, evaluator.scalar(s.series, frame)] as const);
          for (const [key, at] of namedValues) values[key] = at(i);
          return values;
        },
      };
    },
  });
}

/**
 * One action per bar from the rules' bits: entry long before entry short before the exits (both exits: EXIT).
 * Written rule by rule from the lowest priority up, each pass a plain loop over one array.
 */
function actionsOf(length: number, from: number, entryLong?: Uint8Array, entryShort?: Uint8Array, exitLong?: Uint8Array, exitShort?: Uint8Array): Int8Array {
  const action = new Int8Array(length);
  if (exitShort !== undefined) for (let i = from; i < length; i++) if (exitShort[i] === 1) action[i] = EXIT_SHORT;
  if (exitLong !== undefined) for (let i = from; i < length; i++) if (exitLong[i] === 1) action[i] = action[i] === EXIT_SHORT ? EXIT : EXIT_LONG;
  if (entryShort !== undefined) for (let i = from; i < length; i++) if (entryShort[i] === 1) action[i] = SHORT;
  if (entryLong !== undefined) for (let i = from; i < length; i++) if (entryLong[i] === 1) action[i] = LONG;
  return action;
}

/** How many times each named series is read by name anywhere in the document. */
function referenceCounts(document: StrategyDocument): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (typeof value === 'object' && value !== null) {
      const ref = (value as { ref?: unknown }).ref;
      if (typeof ref === 'string') counts.set(ref, (counts.get(ref) ?? 0) + 1);
      for (const v of Object.values(value)) visit(v);
    }
  };
  visit(document.series);
  visit(document.rules);
  return counts;
}
