import type { CandleSeries, PositionSizing, StrategyParams, StrategySpec } from '../contract.ts';
import type { IndicatorCache } from '../indicators/cache.ts';
import type { HigherTimeframe } from '../resample.ts';
import type { ParamConstraint } from './constraints.ts';

/** Direction codes a strategy writes into Signal.direction. */
export const NONE = 0;
export const LONG = 1;
export const SHORT = -1;
/** Close whatever position this strategy holds on the symbol, open nothing. */
export const EXIT = 2;
/** Close a long position this strategy holds on the symbol (a short is kept); EXIT_SHORT = −EXIT_LONG the mirror. */
export const EXIT_LONG = 3;
export const EXIT_SHORT = -3;

/**
 * The per-bar decision, written in place by PreparedStrategy.decide: one instance is reused for every bar
 * (no allocation on the hot path). The simulator resets it before each call.
 */
/** Signal.entryPrice of a strategy that names entry prices but has none on the signal bar. */
export const NO_ENTRY_PRICE = 0;

export class Signal {
  direction = NONE;
  /** Agreement of the strategy's evidence, in [0, 1]; orders simultaneous entries. */
  confidence = 0;
  /** Absolute stop-loss price, NaN = none. */
  stopLoss = NaN;
  /** Absolute take-profit price, NaN = none. */
  takeProfit = NaN;
  /**
   * The position's own trailing stop, replacing the run's trailingStopPct: a fraction of the best price
   * since entry, or a price distance from it (at most one of them; both NaN = the run's setting).
   */
  trailingFraction = NaN;
  trailingDistance = NaN;
  /**
   * The price of a limit or stop entry, when the strategy names one (a strategy document's entryPriceLong /
   * entryPriceShort): NaN = none, the run's entryOffset from the signal close sets it; NO_ENTRY_PRICE = the
   * strategy names a price but has none on this bar (undefined or not above 0), and the entry is skipped.
   * Market entries ignore it.
   */
  entryPrice = NaN;

  reset(): void {
    this.direction = NONE;
    this.confidence = 0;
    this.stopLoss = NaN;
    this.takeProfit = NaN;
    this.trailingFraction = NaN;
    this.trailingDistance = NaN;
    this.entryPrice = NaN;
  }
}

export interface StrategyContext {
  readonly series: CandleSeries;
  /** Already resolved: defaults filled, types, ranges and constraints checked. */
  readonly params: StrategyParams;
  readonly cache: IndicatorCache;
  /** The base candles resampled to a higher interval (cached), with the closed-bar visibility map. */
  higherTimeframe(intervalMs: number): HigherTimeframe;
}

export interface PreparedStrategy {
  /** The strategy's own position sizing, replacing the run's sizingMode / positionSize for its entries (absent: the run's). */
  readonly sizing?: PositionSizing;
  /** Bars before this index are never asked for a decision: max leading NaNs over the indicators read (+1 when decide reads bar i−1). */
  readonly warmup: number;
  /** Decides on closed bar i, reading only bars <= i, and writes the outcome into `out`. */
  decide(i: number, out: Signal): void;
  /**
   * Optional: the first bar i in [from, to) at which decide(i) may write a signal, or `to` when there is none
   * (from >= warmup). decide must leave `out` untouched on every bar this skips. A single-leg run then visits
   * only these bars for decisions and runs the bars in between as plain position/equity stretches
   * (simulator/single-leg.ts); without it every bar is a candidate.
   */
  nextDecision?(from: number, to: number): number;
  /**
   * Indicator values at bar i, for the trade's signalIndicators. Called when the result is built (once per trade,
   * with the trade's signal bar), not during the bar loop: it must be a pure function of i over the prepared arrays.
   */
  indicatorsAt(i: number): Record<string, number>;
  /** Optional: the strategy's own ranking value at signal bar i (entryRanking STRATEGY_SERIES), reading bars <= i only. */
  rankAt?(i: number): number;
}

/**
 * How a strategy's own lines are drawn (names of its indicatorsAt outputs): `price` over the candles,
 * each of `panes` in a pane of its own beneath them (an oscillator's scale). Outputs named in neither
 * (a stop's ATR, a score) are not drawn.
 */
export interface StrategyChart {
  readonly price?: readonly string[];
  readonly panes?: Readonly<Record<string, readonly string[]>>;
}

export interface StrategyModule {
  /** What the API lists; spec.constraints are the rule texts of `constraints`. */
  readonly spec: StrategySpec;
  readonly chart: StrategyChart;
  /** Cross-parameter rules (types and ranges are checked from spec.params). */
  readonly constraints: readonly ParamConstraint[];
  /**
   * Bars of history (of `intervalMs` each) a decision needs for every indicator it reads to be warm
   * (indicators/history.ts), counting the bars it reads back (a crossover reads bar i − 1). A run loads
   * this many bars before its start, so its first decision is the same as on an unbroken history.
   */
  historyBars(params: StrategyParams, intervalMs: number): number;
  /** Computes the indicators once (through ctx.cache) and returns the per-bar decision function. */
  prepare(ctx: StrategyContext): PreparedStrategy;
  /** Whether its prepared strategies give rankAt (entryRanking STRATEGY_SERIES can be used with it). */
  readonly ranksEntries: boolean;
}

/** A strategy as written in its file: one declaration of everything, the spec derived from it. */
export interface StrategyDefinition extends Omit<StrategySpec, 'constraints'> {
  readonly constraints: readonly ParamConstraint[];
  /** Its lines on a chart (none when absent). */
  readonly chart?: StrategyChart;
  historyBars(params: StrategyParams, intervalMs: number): number;
  prepare(ctx: StrategyContext): PreparedStrategy;
  readonly ranksEntries?: boolean;
}

export function defineStrategy(definition: StrategyDefinition): StrategyModule {
  const { name, description, params, constraints, chart = {}, historyBars, prepare, ranksEntries = false } = definition;
  return { spec: { name, description, params, constraints: constraints.map((c) => c.rule) }, constraints, chart, historyBars, prepare, ranksEntries };
}

/** Reads a resolved numeric parameter. */
export function num(params: StrategyParams, name: string): number {
  const v = params[name];
  if (typeof v !== 'number') throw new Error(`parameter ${name} is not a number`);
  return v;
}

export function bool(params: StrategyParams, name: string): boolean {
  const v = params[name];
  if (typeof v !== 'boolean') throw new Error(`parameter ${name} is not a boolean`);
  return v;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
