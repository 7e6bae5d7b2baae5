import type { EquityCurve, Metrics, TradeRecord } from './contract.ts';
import { TradeTally } from './trade-tally.ts';
import { mean, sampleStd } from './validation/moments.ts';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
/** Sharpe and Sortino annualise daily figures by √365: crypto trades every day. */
export const DAYS_PER_YEAR = 365;
/** Van Tharp caps the trade count in SQN at 100 so long histories do not inflate it. */
const SQN_TRADE_CAP = 100;

export interface BuyAndHoldInput {
  readonly firstClose: number;
  readonly lastClose: number;
}


/**
 * Indices of the last bar of each UTC day among the first `bars` of a timeline, in day order (the last
 * simulated bar always closes a day). A sweep computes them once per timeline (simulator/evaluate.ts).
 */
export function dayEndBars(timeMs: Float64Array, bars: number): Int32Array {
  const out: number[] = [];
  if (bars > 0) {
    // A bar ends its day when the next bar opens at or after the next UTC midnight (times are sorted, so
    // this is floor(t / day) changing, without a division per bar).
    let nextMidnight = (Math.floor(timeMs[0] / DAY_MS) + 1) * DAY_MS;
    for (let i = 0; i < bars - 1; i++) {
      const next = timeMs[i + 1];
      if (next >= nextMidnight) {
        out.push(i);
        nextMidnight = (Math.floor(next / DAY_MS) + 1) * DAY_MS;
      }
    }
    out.push(bars - 1);
  }
  return Int32Array.from(out);
}

/**
 * The daily returns the Sharpe and Sortino ratios read: r_d = E_d / E_{d−1} − 1 for d = 1..days − 1, E_d the
 * equity at the last bar of UTC day d (curve.dayEnds). One entry per day after the first, so every run over
 * the same timeline has the same length and day d means the same date in each (what the overfitting
 * statistics need to cut all of a sweep's rows into the same time blocks). NaN where E_{d−1} = 0: a return
 * from nothing is undefined (the account was ruined); the ratios leave such days out.
 */
export function dailyReturns(curve: Pick<EquityBars, 'equity' | 'dayEnds'>): Float64Array {
  const { equity, dayEnds } = curve;
  const out = new Float64Array(Math.max(0, dayEnds.length - 1));
  for (let d = 1; d < dayEnds.length; d++) {
    const before = equity[dayEnds[d - 1]];
    out[d - 1] = before !== 0 ? equity[dayEnds[d]] / before - 1 : NaN;
  }
  return out;
}

/** Equity at the last bar of each UTC day, in day order. */
export function dailyCloses(curve: EquityCurve): number[] {
  return Array.from(dayEndBars(curve.timeMs, curve.timeMs.length), (i) => curve.equity[i]);
}

/**
 * Every metric is a pure function of the closed trades, the per-bar equity curve, the initial capital and
 * the first/last close of each symbol. A metric whose formula divides by zero is null and
 * nullReasons[name] says why; nothing is ever Infinity or NaN.
 */
export function computeMetrics(
  trades: readonly TradeRecord[],
  curve: EquityCurve,
  initialCapital: number,
  buyAndHold: readonly BuyAndHoldInput[] = [],
): Metrics {
  const bars = curve.equity.length;
  const tally = new TradeTally(curve.timeMs, bars, trades.length);
  for (const tr of trades) tally.add(tr.profitLoss, tr.fees, tr.entryTimeMs, tr.exitTimeMs, tr.entryBar, tr.exitBar);
  return metricsOf(tally, { equity: curve.equity, timeMs: curve.timeMs, bars, dayEnds: dayEndBars(curve.timeMs, bars) }, initialCapital, buyAndHold);
}

/** The first `bars` bars of an equity curve, as the metrics read it. */
export interface EquityBars {
  readonly equity: Float64Array;
  readonly timeMs: Float64Array;
  readonly bars: number;
  /** dayEndBars(timeMs, bars). */
  readonly dayEnds: Int32Array;
}

/**
 * computeMetrics over a tally of the trades (closing order) and the equity bars: the one definition of every
 * metric. `returns` is dailyReturns(curve), passed by a caller that keeps them.
 */
export function metricsOf(
  tally: TradeTally,
  curve: EquityBars,
  initialCapital: number,
  buyAndHold: readonly BuyAndHoldInput[],
  returns: Float64Array = dailyReturns(curve),
): Metrics {
  const nullReasons: Record<string, string> = {};
  const orNull = (name: string, value: number, reason: string): number | null => {
    if (Number.isFinite(value)) return value;
    nullReasons[name] = reason;
    return null;
  };
  const n = tally.count;
  const { equity, timeMs, bars } = curve;
  const { winning, losing, grossProfit, grossLoss } = tally;
  const total = tally.totalProfitLoss;
  const noTrades = 'no closed trades';

  // Equity. finalEquity is the last bar's equity (after END_OF_DATA closes, cash only).
  const finalEquity = bars > 0 ? equity[bars - 1] : initialCapital;
  const roi = ((finalEquity - initialCapital) / initialCapital) * 100;

  const { maxDd, maxDdPct, maxDdDuration } = drawdownOf(curve, initialCapital);

  // CAGR = ((final / initial)^(1 / years) − 1) × 100, years = (last bar time − first bar time) / 365.25 days.
  const years = bars > 1 ? (timeMs[bars - 1] - timeMs[0]) / YEAR_MS : 0;
  let cagr: number | null = null;
  if (years <= 0) nullReasons.cagr = 'the equity curve spans no time';
  else if (finalEquity <= 0) nullReasons.cagr = 'final equity is not positive';
  else cagr = orNull('cagr', ((finalEquity / initialCapital) ** (1 / years) - 1) * 100, 'growth overflowed');

  // Exposure: % of timeline bars during which at least one position was open. A trade covers the bars
  // whose open time t satisfies entryTime <= t < exitTime (exits inside a bar are stamped at its close).
  const exposed = bars > 0 && n > 0 ? tally.exposedBars() : 0;

  // Buy and hold: equal-weight mean over symbols of (last close / first close − 1) × 100.
  let buyAndHoldReturn: number | null = null;
  const usable = buyAndHold.filter((b) => b.firstClose > 0 && Number.isFinite(b.lastClose));
  if (usable.length === 0) nullReasons.buyAndHoldReturn = 'no symbol with a positive first close';
  else buyAndHoldReturn = mean(usable.map((b) => (b.lastClose / b.firstClose - 1) * 100));

  // Sharpe / Sortino on daily returns r_d = E_d / E_{d−1} − 1 of the equity at each UTC day's last bar,
  // zero risk-free rate, annualised × √365 (crypto trades every day):
  //   Sharpe  = mean(r) / sampleStd(r) × √365
  //   Sortino = mean(r) / sqrt(mean(min(r, 0)²)) × √365   (downside deviation over all days)
  const defined = returns.filter((r) => !Number.isNaN(r));
  let sharpeRatio: number | null = null, sortinoRatio: number | null = null;
  if (defined.length < 2) {
    nullReasons.sharpeRatio = nullReasons.sortinoRatio = `needs at least 2 daily returns (3 UTC days), got ${defined.length}`;
  } else {
    const m = mean(defined);
    const sd = sampleStd(defined, m);
    if (sd === 0) nullReasons.sharpeRatio = 'daily returns have zero variance';
    else sharpeRatio = (m / sd) * Math.sqrt(DAYS_PER_YEAR);
    let downSq = 0;
    for (const r of defined) if (r < 0) downSq += r * r;
    const downside = Math.sqrt(downSq / defined.length);
    if (downside === 0) nullReasons.sortinoRatio = 'no negative daily return';
    else sortinoRatio = (m / downside) * Math.sqrt(DAYS_PER_YEAR);
  }

  // Calmar = CAGR % / max drawdown %.
  let calmarRatio: number | null = null;
  if (cagr === null) nullReasons.calmarRatio = 'CAGR is undefined';
  else if (maxDdPct === 0) nullReasons.calmarRatio = 'no drawdown';
  else calmarRatio = cagr / maxDdPct;

  // SQN = √min(n, 100) × mean(P/L) / sampleStd(P/L) (Van Tharp, trade count capped at 100).
  let sqn: number | null = null;
  if (n < 2) nullReasons.sqn = `needs at least 2 trades, got ${n}`;
  else {
    const pls = tally.profitLosses();
    const m = mean(pls);
    const sd = sampleStd(pls, m);
    if (sd === 0) nullReasons.sqn = 'trade P/L has zero variance';
    else sqn = (Math.sqrt(Math.min(n, SQN_TRADE_CAP)) * m) / sd;
  }

  // Tail ratio = |P95(r)| / |P5(r)| of the daily returns, percentiles interpolated between order
  // statistics (Hyndman–Fan type 7): how much larger the good days are than the bad ones.
  let tailRatio: number | null = null;
  if (defined.length < 2) nullReasons.tailRatio = `needs at least 2 daily returns (3 UTC days), got ${defined.length}`;
  else {
    const sorted = Float64Array.from(defined).sort();
    const low = percentile(sorted, 0.05);
    if (low === 0) nullReasons.tailRatio = 'the 5th percentile daily return is 0';
    else tailRatio = Math.abs(percentile(sorted, 0.95)) / Math.abs(low);
  }

  let profitFactor: number | null = null;
  if (n === 0) nullReasons.profitFactor = noTrades;
  else if (grossLoss === 0) nullReasons.profitFactor = 'no losing trades (gross loss is 0)';
  else profitFactor = grossProfit / grossLoss;

  const perTrade = (name: string, value: number): number | null => {
    if (n > 0) return value;
    nullReasons[name] = noTrades;
    return null;
  };
  const avgWin = winning > 0 ? grossProfit / winning : null;
  if (avgWin === null) nullReasons.avgWin = 'no winning trades';
  const avgLoss = losing > 0 ? -grossLoss / losing : null;
  if (avgLoss === null) nullReasons.avgLoss = 'no losing trades';

  return {
    totalTrades: n,
    winningTrades: winning,
    losingTrades: losing,
    winRate: perTrade('winRate', (winning / n) * 100),
    totalProfitLoss: total,
    roi,
    finalEquity,
    cagr,
    maxDrawdown: maxDd,
    maxDrawdownPercentage: maxDdPct,
    maxDrawdownDurationMs: maxDdDuration,
    avgTradeDurationMs: perTrade('avgTradeDurationMs', tally.durationSumMs / n),
    maxTradeDurationMs: perTrade('maxTradeDurationMs', tally.durationMaxMs),
    profitFactor,
    expectancy: perTrade('expectancy', total / n),
    bestTrade: perTrade('bestTrade', tally.best),
    worstTrade: perTrade('worstTrade', tally.worst),
    avgWin,
    avgLoss,
    exposurePct: bars > 0 ? (exposed / bars) * 100 : 0,
    feesPaid: tally.fees,
    buyAndHoldReturn,
    sharpeRatio,
    sortinoRatio,
    calmarRatio,
    sqn,
    tailRatio,
    nullReasons,
  };
}

/** The p-quantile of sorted values, linear between the order statistics at (count − 1) · p (type 7). */
export function percentile(sorted: Float64Array, p: number): number {
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

/**
 * Max drawdown ($ and %, each its own maximum) and the longest time under water: from a peak to the first
 * bar back at or above it (or to the last bar if never recovered). The peak starts at the initial capital.
 *   maxDrawdown = max over bars of (peak − equity), maxDrawdownPercentage = max of (peak − equity) / peak × 100
 * Between two peaks the peak is fixed, and both formulas fall as equity rises (correctly rounded operations
 * are monotone), so each under-water stretch needs them only at its lowest equity, and its duration only
 * at its last bar: one comparison per bar, the same figures as evaluating every bar, bit for bit.
 */
export function drawdownOf(curve: EquityBars, initialCapital: number): { maxDd: number; maxDdPct: number; maxDdDuration: number } {
  const { equity, timeMs, bars } = curve;
  // The peak's bar as an index: its time is read only when a stretch under water closes, not at every bar.
  let peak = initialCapital, peakAt = 0;
  let maxDd = 0, maxDdPct = 0, maxDdDuration = 0;
  let i = 0;
  while (i < bars) {
    if (equity[i] >= peak) {
      peak = equity[i];
      peakAt = i;
      i++;
      continue;
    }
    // A stretch under water, from bar i to the last bar before equity is back at or above the peak (or the
    // last bar): its own tight loop, with nothing else to decide per bar.
    let trough = Infinity;
    let j = i;
    for (; j < bars; j++) {
      const e = equity[j];
      if (e >= peak) break;
      if (e < trough) trough = e;
    }
    const dd = peak - trough;
    if (dd > maxDd) maxDd = dd;
    const ddPct = (dd / peak) * 100;
    if (ddPct > maxDdPct) maxDdPct = ddPct;
    const underwater = timeMs[j - 1] - timeMs[peakAt];
    if (underwater > maxDdDuration) maxDdDuration = underwater;
    i = j;
  }
  return { maxDd, maxDdPct, maxDdDuration };
}
