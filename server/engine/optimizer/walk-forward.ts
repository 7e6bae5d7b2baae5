import type { EquityCurve, Metrics, StrategyParams, TradeRecord } from '../contract.ts';
import { computeMetrics, type BuyAndHoldInput } from '../metrics.ts';
import { drawdownSeries } from '../simulator/account-history.ts';
import type { BarRange } from '../slice-by-time.ts';
import type { ParameterAxis } from './grid.ts';

const YEAR_MS = 365.25 * 86_400_000;

export type { BarRange };

export interface WalkForwardWindow {
  readonly index: number;
  /** Where parameters are chosen. */
  readonly inSample: BarRange;
  /** Where the chosen parameters are tested: the bars right after the in-sample ones. */
  readonly outOfSample: BarRange;
}

export interface WalkForwardPlan {
  /** What to split, in bars or ms. */
  readonly range: BarRange;
  readonly windows: number;
  /** Lengths in the range's unit. */
  readonly inSampleLength: number;
  readonly outOfSampleLength: number;
  /** ROLLING: every in-sample window has the same length. ANCHORED: every one starts at the first in-sample bar and grows. */
  readonly mode: 'ROLLING' | 'ANCHORED';
}

/**
 * Walk-forward windows, aligned to the end of the range (the last out-of-sample window ends at range.end,
 * so the most recent data is always tested; bars before the first window are left out). The out-of-sample
 * windows tile [end − windows·oos, end) without overlap; window k (0-based):
 *   OOS_k = [end − (windows − k)·oos, OOS_k.start + oos)
 *   ROLLING  IS_k = [OOS_k.start − is, OOS_k.start)
 *   ANCHORED IS_k = [OOS_0.start − is, OOS_k.start)     (one start, growing)
 * One message per problem when the plan does not fit: needs is + windows·oos <= range length.
 */
export function walkForwardWindows(plan: WalkForwardPlan): WalkForwardWindow[] | { errors: string[] } {
  const { range, windows, inSampleLength: is, outOfSampleLength: oos, mode } = plan;
  const errors: string[] = [];
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end <= range.start) errors.push(`range must be integers with 0 <= start < end, got [${range.start}, ${range.end})`);
  if (!Number.isInteger(windows) || windows < 1) errors.push(`windows must be an integer >= 1, got ${windows}`);
  if (!Number.isInteger(is) || is < 1) errors.push(`inSampleLength must be an integer >= 1, got ${is}`);
  if (!Number.isInteger(oos) || oos < 1) errors.push(`outOfSampleLength must be an integer >= 1, got ${oos}`);
  if (mode !== 'ROLLING' && mode !== 'ANCHORED') errors.push(`mode must be ROLLING or ANCHORED, got ${String(mode)}`);
  if (errors.length > 0) return { errors };
  const needed = is + windows * oos;
  if (needed > range.end - range.start) {
    return { errors: [`${windows} windows of ${is} in-sample + ${oos} out-of-sample need ${needed}, the range has ${range.end - range.start}`] };
  }
  const firstOos = range.end - windows * oos;
  return Array.from({ length: windows }, (_, k) => {
    const start = firstOos + k * oos;
    return {
      index: k,
      inSample: { start: mode === 'ROLLING' ? start - is : firstOos - is, end: start },
      outOfSample: { start, end: start + oos },
    };
  });
}

/**
 * The longest plan of `windows` windows that fills the range when each window's in-sample part is
 * `inSampleFraction` of its in-sample + out-of-sample span: is = f / (1 − f) × oos and is + windows × oos <= length,
 * so oos = ⌊length / (windows + f / (1 − f))⌋ and is = ⌊f / (1 − f) × oos⌋ (ANCHORED: the first window's span).
 */
export function walkForwardPlan(range: BarRange, windows: number, inSampleFraction: number, mode: WalkForwardPlan['mode']): WalkForwardPlan | { errors: string[] } {
  if (!(inSampleFraction > 0 && inSampleFraction < 1)) return { errors: [`inSampleFraction must be in (0, 1), got ${inSampleFraction}`] };
  if (!Number.isInteger(windows) || windows < 1) return { errors: [`windows must be an integer >= 1, got ${windows}`] };
  const ratio = inSampleFraction / (1 - inSampleFraction);
  const outOfSampleLength = Math.floor((range.end - range.start) / (windows + ratio));
  const inSampleLength = Math.floor(ratio * outOfSampleLength);
  if (outOfSampleLength < 1 || inSampleLength < 1) return { errors: [`the range of ${range.end - range.start} is too short for ${windows} windows`] };
  return { range, windows, inSampleLength, outOfSampleLength, mode };
}

/**
 * A plain sweep's hold-out: the last `fraction` of the range (rounded to whole bars, at least one on each
 * side) is kept out of the search and only used to test its best rows.
 */
export function holdOutSplit(range: BarRange, fraction: number): { inSample: BarRange; holdOut: BarRange } | { errors: string[] } {
  const length = range.end - range.start;
  if (!(fraction > 0 && fraction < 1)) return { errors: [`hold-out fraction must be in (0, 1), got ${fraction}`] };
  if (!(length >= 2)) return { errors: [`a hold-out needs at least 2 bars, the range has ${length}`] };
  const held = Math.min(length - 1, Math.max(1, Math.round(length * fraction)));
  const cut = range.end - held;
  return { inSample: { start: range.start, end: cut }, holdOut: { start: cut, end: range.end } };
}

/**
 * Annualised return in percent of a return of `roiPct` over `durationMs`, compounded like the engine's CAGR:
 * ((1 + roi/100)^(year / duration) − 1) × 100. Null when the duration is not positive or everything was lost.
 */
export function annualisedReturnPct(roiPct: number, durationMs: number): number | null {
  if (!(durationMs > 0) || !(roiPct > -100)) return null;
  const value = ((1 + roiPct / 100) ** (YEAR_MS / durationMs) - 1) * 100;
  return Number.isFinite(value) ? value : null;
}

export interface WindowReturns {
  /** ROI % of the chosen parameters on the in-sample window, and its length in time. */
  readonly inSampleRoi: number;
  readonly inSampleDurationMs: number;
  /** ROI % of the same parameters on the out-of-sample window. */
  readonly outOfSampleRoi: number;
  readonly outOfSampleDurationMs: number;
  /** Trades of the out-of-sample test: a window with fewer than minTrades is thin. */
  readonly outOfSampleTrades: number;
}

export interface WalkForwardEfficiency {
  /** Per window; null where the window is thin or the ratio says nothing (perWindowReasons[k] says which). */
  readonly perWindow: (number | null)[];
  readonly perWindowReasons: (string | null)[];
  /** Windows (0-based) whose out-of-sample test made fewer than minTrades trades. */
  readonly thinWindows: number[];
  /** Over the windows that are not thin; null when none is left or it says nothing (reason). */
  readonly overall: number | null;
  readonly reason: string | null;
}

/**
 * Walk-forward efficiency (Pardo): annualised out-of-sample return / annualised in-sample return. About 1
 * means the out-of-sample periods earned what the optimisation promised; near 0 or negative, that the
 * in-sample results were mostly fit to noise.
 *   perWindow[k] = A(OOS_k) / A(IS_k)
 *   overall      = A(stitched OOS) / mean_k A(IS_k), the stitched OOS return being Σ roi_k over the summed
 *                  OOS duration: the return of stitchOutOfSample's account, where each window's P/L is added
 *                  to the last (every window run from the same capital)
 * (A = annualisedReturnPct). Null, with the reason, where the in-sample return is not positive (a ratio to
 * a loss or to nothing says nothing) or a return cannot be annualised.
 * A window whose out-of-sample test made fewer than `minTrades` trades is thin: a return from a trade or
 * two is luck, not evidence, so it gets no efficiency of its own and is left out of the overall figure.
 */
export function walkForwardEfficiency(all: readonly WindowReturns[], minTrades = 1): WalkForwardEfficiency {
  const thin = (w: WindowReturns) => w.outOfSampleTrades < minTrades;
  const thinWindows = all.flatMap((w, k) => (thin(w) ? [k] : []));
  const perWindowReasons = all.map((w) => {
    if (thin(w)) return `thin: ${w.outOfSampleTrades} out-of-sample trade(s), fewer than minTrades ${minTrades}`;
    const is = annualisedReturnPct(w.inSampleRoi, w.inSampleDurationMs);
    if (is === null) return 'the in-sample return cannot be annualised';
    if (!(is > 0)) return 'the in-sample return is not positive';
    return annualisedReturnPct(w.outOfSampleRoi, w.outOfSampleDurationMs) === null ? 'the out-of-sample return cannot be annualised' : null;
  });
  const perWindow = all.map((w, k) =>
    perWindowReasons[k] === null ? annualisedReturnPct(w.outOfSampleRoi, w.outOfSampleDurationMs)! / annualisedReturnPct(w.inSampleRoi, w.inSampleDurationMs)! : null,
  );
  const result = (overall: number | null, reason: string | null): WalkForwardEfficiency => ({ perWindow, perWindowReasons, thinWindows, overall, reason });
  if (all.length === 0) return result(null, 'no windows');
  const windows = all.filter((w) => !thin(w));
  if (windows.length === 0) return result(null, `every window is thin (fewer than ${minTrades} out-of-sample trades)`);
  const inSample = windows.map((w) => annualisedReturnPct(w.inSampleRoi, w.inSampleDurationMs));
  if (inSample.some((a) => a === null)) return result(null, 'an in-sample return cannot be annualised');
  const meanInSample = (inSample as number[]).reduce((a, b) => a + b, 0) / inSample.length;
  const stitchedRoi = windows.reduce((sum, w) => sum + w.outOfSampleRoi, 0);
  const oosDuration = windows.reduce((d, w) => d + w.outOfSampleDurationMs, 0);
  const stitched = annualisedReturnPct(stitchedRoi, oosDuration);
  if (!(meanInSample > 0)) return result(null, 'the mean annualised in-sample return is not positive');
  if (stitched === null) return result(null, 'the stitched out-of-sample return cannot be annualised');
  return result(stitched / meanInSample, null);
}

export interface ParameterStability {
  readonly name: string;
  /** The value chosen in each window, in window order. */
  readonly values: readonly (number | boolean)[];
  /** Share of windows that chose the most common value. */
  readonly modeShare: number;
  /** Mean absolute deviation from the median, as a share of the swept span (0 = one value throughout). */
  readonly dispersion: number;
  /** 1 − 2 × dispersion, in [0, 1]: 1 = the same value in every window, 0 = split between the range's ends. */
  readonly stability: number;
}

/**
 * How steady the chosen parameters are across walk-forward windows, per swept parameter and overall (the
 * mean of the per-parameter stabilities). Booleans count as 0 / 1; the span is the axis' max − min (a
 * single-valued axis is perfectly stable).
 */
export function parameterStability(chosen: readonly StrategyParams[], axes: readonly ParameterAxis[]): { parameters: ParameterStability[]; overall: number | null } {
  const parameters = axes.map((axis): ParameterStability => {
    const values = chosen.map((p) => p[axis.name]);
    const numbers = values.map(Number).sort((a, b) => a - b);
    const n = numbers.length;
    const counts = new Map<number, number>();
    for (const v of numbers) counts.set(v, (counts.get(v) ?? 0) + 1);
    const modeShare = n === 0 ? 1 : Math.max(...counts.values()) / n;
    const axisNumbers = axis.values.map(Number);
    const span = Math.max(...axisNumbers) - Math.min(...axisNumbers);
    const median = n === 0 ? 0 : n % 2 === 1 ? numbers[(n - 1) / 2] : (numbers[n / 2 - 1] + numbers[n / 2]) / 2;
    const mad = n === 0 ? 0 : numbers.reduce((s, v) => s + Math.abs(v - median), 0) / n;
    const dispersion = span > 0 ? mad / span : 0;
    return { name: axis.name, values, modeShare, dispersion, stability: Math.max(0, 1 - 2 * dispersion) };
  });
  const overall = parameters.length === 0 ? null : parameters.reduce((s, p) => s + p.stability, 0) / parameters.length;
  return { parameters, overall };
}

export interface OutOfSampleRun {
  readonly curve: EquityCurve;
  readonly trades: readonly TradeRecord[];
  /** The capital the window's run started with. */
  readonly initialCapital: number;
}

/**
 * The out-of-sample runs as one account: each window's P/L is added on top of where the previous window
 * ended (window k's equity, cash + Σ P/L of windows < k), which is exact for fixed-size orders; trades are
 * kept as they happened. Metrics are computeMetrics over the stitched curve and all trades, from the first
 * window's initial capital (`buyAndHold`: each symbol's first and last close over the whole OOS span).
 */
export function stitchOutOfSample(runs: readonly OutOfSampleRun[], buyAndHold: readonly BuyAndHoldInput[] = []): { curve: EquityCurve; trades: TradeRecord[]; metrics: Metrics } | { errors: string[] } {
  if (runs.length === 0) return { errors: ['no out-of-sample runs to stitch'] };
  for (let k = 1; k < runs.length; k++) {
    const before = runs[k - 1].curve.timeMs, after = runs[k].curve.timeMs;
    if (before.length > 0 && after.length > 0 && after[0] <= before[before.length - 1]) return { errors: [`out-of-sample run ${k} starts before run ${k - 1} ends`] };
  }
  const total = runs.reduce((n, r) => n + r.curve.timeMs.length, 0);
  const timeMs = new Float64Array(total), equity = new Float64Array(total), cash = new Float64Array(total), openPositions = new Float64Array(total);
  const initialCapital = runs[0].initialCapital;
  let offset = 0, carried = 0;
  for (const run of runs) {
    const c = run.curve, n = c.timeMs.length;
    const shift = carried; // P/L of the earlier windows
    for (let i = 0; i < n; i++) {
      timeMs[offset + i] = c.timeMs[i];
      equity[offset + i] = initialCapital + shift + (c.equity[i] - run.initialCapital);
      cash[offset + i] = initialCapital + shift + (c.cash[i] - run.initialCapital);
      openPositions[offset + i] = c.openPositions[i];
    }
    carried = shift + (n > 0 ? c.equity[n - 1] - run.initialCapital : 0);
    offset += n;
  }
  const curve: EquityCurve = { timeMs, equity, cash, openPositions, drawdownPct: drawdownSeries(equity, initialCapital) };
  const trades = runs.flatMap((r) => r.trades);
  return { curve, trades, metrics: computeMetrics(trades, curve, initialCapital, buyAndHold) };
}
