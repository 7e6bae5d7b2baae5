import type { EquityCurve, Metrics, TradeRecord } from './contract.ts';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
/** Van Tharp caps the trade count in SQN at 100 so long histories do not inflate it. */
const SQN_TRADE_CAP = 100;

export interface BuyAndHoldInput {
  readonly firstClose: number;
  readonly lastClose: number;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Sample standard deviation (n − 1). */
function sampleStd(xs: ArrayLike<number>, m: number): number {
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** First index with timeMs[index] >= x. */
function lowerBound(timeMs: Float64Array, x: number): number {
  let lo = 0, hi = timeMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeMs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Equity at the last bar of each UTC day, in day order. */
export function dailyCloses(curve: EquityCurve): number[] {
  const out: number[] = [];
  const n = curve.timeMs.length;
  for (let i = 0; i < n; i++) {
    const day = Math.floor(curve.timeMs[i] / DAY_MS);
    if (i === n - 1 || Math.floor(curve.timeMs[i + 1] / DAY_MS) !== day) out.push(curve.equity[i]);
  }
  return out;
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
  const nullReasons: Record<string, string> = {};
  const orNull = (name: string, value: number, reason: string): number | null => {
    if (Number.isFinite(value)) return value;
    nullReasons[name] = reason;
    return null;
  };
  const n = trades.length;
  const bars = curve.equity.length;

  // Trades. Wins are P/L > 0, losses P/L < 0; a trade at exactly 0 is neither.
  let winning = 0, losing = 0, grossProfit = 0, grossLoss = 0, total = 0, fees = 0;
  let best = -Infinity, worst = Infinity, durationSum = 0, durationMax = 0;
  for (const tr of trades) {
    const pl = tr.profitLoss;
    total += pl;
    fees += tr.fees;
    if (pl > 0) {
      winning++;
      grossProfit += pl;
    } else if (pl < 0) {
      losing++;
      grossLoss -= pl;
    }
    if (pl > best) best = pl;
    if (pl < worst) worst = pl;
    const d = tr.exitTimeMs - tr.entryTimeMs;
    durationSum += d;
    if (d > durationMax) durationMax = d;
  }
  const noTrades = 'no closed trades';

  // Equity. finalEquity is the last bar's equity (after END_OF_DATA closes, cash only).
  const finalEquity = bars > 0 ? curve.equity[bars - 1] : initialCapital;
  const roi = ((finalEquity - initialCapital) / initialCapital) * 100;

  // Max drawdown ($ and %, each its own maximum) and the longest time under water: from a peak to the
  // first bar back at or above it (or to the last bar if never recovered). The peak starts at the initial capital.
  let peak = initialCapital, peakTime = bars > 0 ? curve.timeMs[0] : 0;
  let maxDd = 0, maxDdPct = 0, maxDdDuration = 0;
  for (let i = 0; i < bars; i++) {
    const e = curve.equity[i];
    if (e >= peak) {
      peak = e;
      peakTime = curve.timeMs[i];
    } else {
      const dd = peak - e;
      if (dd > maxDd) maxDd = dd;
      const ddPct = (dd / peak) * 100;
      if (ddPct > maxDdPct) maxDdPct = ddPct;
    }
    const underwater = curve.timeMs[i] - peakTime;
    if (underwater > maxDdDuration) maxDdDuration = underwater;
  }

  // CAGR = ((final / initial)^(1 / years) − 1) × 100, years = (last bar time − first bar time) / 365.25 days.
  const years = bars > 1 ? (curve.timeMs[bars - 1] - curve.timeMs[0]) / YEAR_MS : 0;
  let cagr: number | null = null;
  if (years <= 0) nullReasons.cagr = 'the equity curve spans no time';
  else if (finalEquity <= 0) nullReasons.cagr = 'final equity is not positive';
  else cagr = orNull('cagr', ((finalEquity / initialCapital) ** (1 / years) - 1) * 100, 'growth overflowed');

  // Exposure: % of timeline bars during which at least one position was open. A trade covers the bars
  // whose open time t satisfies entryTime <= t < exitTime (exits inside a bar are stamped at its close).
  let exposed = 0;
  if (bars > 0 && n > 0) {
    const diff = new Int32Array(bars + 1);
    for (const tr of trades) {
      const a = lowerBound(curve.timeMs, tr.entryTimeMs);
      const b = lowerBound(curve.timeMs, tr.exitTimeMs);
      if (b > a) {
        diff[a]++;
        diff[b]--;
      }
    }
    let open = 0;
    for (let i = 0; i < bars; i++) {
      open += diff[i];
      if (open > 0) exposed++;
    }
  }

  // Buy and hold: equal-weight mean over symbols of (last close / first close − 1) × 100.
  let buyAndHoldReturn: number | null = null;
  const usable = buyAndHold.filter((b) => b.firstClose > 0 && Number.isFinite(b.lastClose));
  if (usable.length === 0) nullReasons.buyAndHoldReturn = 'no symbol with a positive first close';
  else buyAndHoldReturn = mean(usable.map((b) => (b.lastClose / b.firstClose - 1) * 100));

  // Sharpe / Sortino on daily returns r_d = E_d / E_{d−1} − 1 of the equity at each UTC day's last bar,
  // zero risk-free rate, annualised × √365 (crypto trades every day):
  //   Sharpe  = mean(r) / sampleStd(r) × √365
  //   Sortino = mean(r) / sqrt(mean(min(r, 0)²)) × √365   (downside deviation over all days)
  const closes = dailyCloses(curve);
  const returns: number[] = [];
  for (let d = 1; d < closes.length; d++) if (closes[d - 1] !== 0) returns.push(closes[d] / closes[d - 1] - 1);
  let sharpeRatio: number | null = null, sortinoRatio: number | null = null;
  if (returns.length < 2) {
    nullReasons.sharpeRatio = nullReasons.sortinoRatio = `needs at least 2 daily returns (3 UTC days), got ${returns.length}`;
  } else {
    const m = mean(returns);
    const sd = sampleStd(returns, m);
    if (sd === 0) nullReasons.sharpeRatio = 'daily returns have zero variance';
    else sharpeRatio = (m / sd) * Math.sqrt(365);
    let downSq = 0;
    for (const r of returns) if (r < 0) downSq += r * r;
    const downside = Math.sqrt(downSq / returns.length);
    if (downside === 0) nullReasons.sortinoRatio = 'no negative daily return';
    else sortinoRatio = (m / downside) * Math.sqrt(365);
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
    const pls = trades.map((tr) => tr.profitLoss);
    const m = mean(pls);
    const sd = sampleStd(pls, m);
    if (sd === 0) nullReasons.sqn = 'trade P/L has zero variance';
    else sqn = (Math.sqrt(Math.min(n, SQN_TRADE_CAP)) * m) / sd;
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
    avgTradeDurationMs: perTrade('avgTradeDurationMs', durationSum / n),
    maxTradeDurationMs: perTrade('maxTradeDurationMs', durationMax),
    profitFactor,
    expectancy: perTrade('expectancy', total / n),
    bestTrade: perTrade('bestTrade', best),
    worstTrade: perTrade('worstTrade', worst),
    avgWin,
    avgLoss,
    exposurePct: bars > 0 ? (exposed / bars) * 100 : 0,
    feesPaid: fees,
    buyAndHoldReturn,
    sharpeRatio,
    sortinoRatio,
    calmarRatio,
    sqn,
    nullReasons,
  };
}
