/**
 * What the metrics need of the closed trades, accumulated in closing order by one add() per trade. Both
 * paths feed it: computeMetrics from TradeRecord objects, the lean sweep path (simulator/evaluate.ts)
 * straight from the engine's trade rows, so every trade statistic has one definition and the two agree
 * bit for bit (same operations in the same order).
 */
export class TradeTally {
  count = 0;
  /** P/L > 0. */
  winning = 0;
  /** P/L < 0 (a trade at exactly 0 is neither). */
  losing = 0;
  grossProfit = 0;
  /** Σ |P/L| of the losing trades (positive). */
  grossLoss = 0;
  totalProfitLoss = 0;
  fees = 0;
  best = -Infinity;
  worst = Infinity;
  durationSumMs = 0;
  durationMaxMs = 0;
  /** Each trade's P/L in closing order: SQN's standard deviation is taken in two passes over them. */
  private profitLossList: Float64Array;
  /** Per trade, the timeline bars [start, end) it was open during (entryTime <= bar open time < exitTime). */
  private starts: Int32Array;
  private ends: Int32Array;
  /** True while the intervals come sorted and non-overlapping (always with one symbol): exposure is then their total length. */
  private disjoint = true;

  /** `timeMs`: the timeline's open times, of which the first `bars` were simulated. */
  /** `barOffset`: what the bar hints of add() count from, before the first bar of `timeMs`. */
  constructor(
    private readonly timeMs: Float64Array,
    private readonly bars: number,
    capacity = 64,
    private readonly barOffset = 0,
  ) {
    const n = Math.max(1, capacity);
    this.profitLossList = new Float64Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
  }

  /**
   * One closed trade. `entryBarHint` / `exitBarHint` are guesses of the timeline bars its times fall on (its
   * candle indices, which are timeline bars when there is one symbol): checked, and a binary search otherwise.
   */
  add(profitLoss: number, fees: number, entryTimeMs: number, exitTimeMs: number, entryBarHint: number, exitBarHint: number): void {
    const n = this.count;
    if (n === this.profitLossList.length) this.grow();
    this.totalProfitLoss += profitLoss;
    this.fees += fees;
    if (profitLoss > 0) {
      this.winning++;
      this.grossProfit += profitLoss;
    } else if (profitLoss < 0) {
      this.losing++;
      this.grossLoss -= profitLoss;
    }
    if (profitLoss > this.best) this.best = profitLoss;
    if (profitLoss < this.worst) this.worst = profitLoss;
    const d = exitTimeMs - entryTimeMs;
    this.durationSumMs += d;
    if (d > this.durationMaxMs) this.durationMaxMs = d;
    this.profitLossList[n] = profitLoss;
    const a = lowerBoundNear(this.timeMs, this.bars, entryTimeMs, entryBarHint - this.barOffset);
    const b = lowerBoundNear(this.timeMs, this.bars, exitTimeMs, exitBarHint - this.barOffset);
    if (n > 0 && a < this.ends[n - 1]) this.disjoint = false;
    this.starts[n] = a;
    this.ends[n] = b > a ? b : a;
    this.count = n + 1;
  }

  /** The P/L of every trade so far, in closing order. */
  profitLosses(): Float64Array {
    return this.profitLossList.subarray(0, this.count);
  }

  /** Timeline bars during which at least one position was open. */
  exposedBars(): number {
    const n = this.count;
    let exposed = 0;
    if (this.disjoint) {
      for (let k = 0; k < n; k++) exposed += this.ends[k] - this.starts[k];
      return exposed;
    }
    const diff = new Int32Array(this.bars + 1);
    for (let k = 0; k < n; k++) {
      if (this.ends[k] > this.starts[k]) {
        diff[this.starts[k]]++;
        diff[this.ends[k]]--;
      }
    }
    let open = 0;
    for (let i = 0; i < this.bars; i++) {
      open += diff[i];
      if (open > 0) exposed++;
    }
    return exposed;
  }

  private grow(): void {
    const n = this.profitLossList.length * 2;
    const pl = new Float64Array(n), starts = new Int32Array(n), ends = new Int32Array(n);
    pl.set(this.profitLossList);
    starts.set(this.starts);
    ends.set(this.ends);
    this.profitLossList = pl;
    this.starts = starts;
    this.ends = ends;
  }
}

/** lowerBound, trying `hint` and `hint + 1` first (an exit inside a bar is stamped at the next bar's open). */
function lowerBoundNear(timeMs: Float64Array, n: number, x: number, hint: number): number {
  if (isLowerBound(timeMs, n, x, hint)) return hint;
  if (isLowerBound(timeMs, n, x, hint + 1)) return hint + 1;
  return lowerBound(timeMs, n, x);
}

function isLowerBound(timeMs: Float64Array, n: number, x: number, i: number): boolean {
  return i >= 0 && i <= n && (i === 0 || timeMs[i - 1] < x) && (i === n || timeMs[i] >= x);
}

/** First index in [0, n) with timeMs[index] >= x (n when none). */
function lowerBound(timeMs: Float64Array, n: number, x: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeMs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
