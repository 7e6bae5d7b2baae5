/**
 * Per-(configuration, time block) sufficient statistics of daily returns: count, Σr and Σr². The Sharpe
 * ratio of any union of blocks follows from their sums, so the Probability of Backtest Overfitting never
 * needs the returns themselves: a sweep of N rows over S blocks keeps 3·N·S numbers (2,000 rows × 16
 * blocks: 768 KB), and each row fills its part from the daily returns its Sharpe ratio already computed
 * (metrics.ts dailyReturns, every row over the same days).
 */

export interface BlockStatistics {
  readonly configurations: number;
  readonly blocks: number;
  /** Block-major: configuration c's block b sits at b · configurations + c (each block one contiguous run). */
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly sumOfSquares: Float64Array;
}

export function createBlockStatistics(configurations: number, blocks: number): BlockStatistics {
  const size = configurations * blocks;
  return { configurations, blocks, count: new Float64Array(size), sum: new Float64Array(size), sumOfSquares: new Float64Array(size) };
}

/**
 * The boundaries of `blocks` contiguous blocks over `days` days with as equal numbers of days as integers
 * allow: block b is days [bounds[b], bounds[b + 1]), bounds[b] = ⌊b · days / blocks⌋ (sizes differ by at
 * most one). Refused when a block would be empty.
 */
export function equalBlocks(days: number, blocks: number): Int32Array | { errors: string[] } {
  if (!Number.isInteger(blocks) || blocks < 1) return { errors: [`blocks must be an integer >= 1, got ${blocks}`] };
  if (!Number.isInteger(days) || days < blocks) return { errors: [`${blocks} blocks need at least ${blocks} days, got ${days}`] };
  return Int32Array.from({ length: blocks + 1 }, (_, b) => Math.floor((b * days) / blocks));
}

/**
 * Writes configuration `configuration`'s statistics from its daily returns (index = day). A NaN return (an
 * undefined day, see dailyReturns) is left out of its block's count and sums. Overwrites what was there, so
 * a resumed sweep can fill a row twice.
 */
export function recordDailyReturns(stats: BlockStatistics, configuration: number, returns: ArrayLike<number>, bounds: ArrayLike<number>): void {
  const { configurations, blocks } = stats;
  if (!(Number.isInteger(configuration) && configuration >= 0 && configuration < configurations)) {
    throw new RangeError(`configuration ${configuration} is outside 0..${configurations - 1}`);
  }
  if (bounds.length !== blocks + 1 || bounds[blocks] !== returns.length) {
    throw new RangeError(`the bounds must cut all ${returns.length} returns into ${blocks} blocks`);
  }
  for (let b = 0; b < blocks; b++) {
    let n = 0, s = 0, q = 0;
    for (let d = bounds[b]; d < bounds[b + 1]; d++) {
      const r = returns[d];
      if (Number.isNaN(r)) continue;
      n++;
      s += r;
      q += r * r;
    }
    const at = b * configurations + configuration;
    stats.count[at] = n;
    stats.sum[at] = s;
    stats.sumOfSquares[at] = q;
  }
}

/**
 * Variance below this share of the mean square counts as none: Σr² − (Σr)²/n of constant returns is rounding
 * noise of that order, not risk.
 */
const VARIANCE_FLOOR = 1e-12;

/**
 * Per-period Sharpe ratio from sufficient statistics: mean / sample standard deviation, with
 * mean = s / n and Σ(r − mean)² = q − s · mean, so SR = mean · √((n − 1) / (q − s · mean)). Undefined (fewer
 * than 2 returns, or no variance: a configuration that did not trade) reads as 0: no measurable
 * risk-adjusted gain or loss, ranked between the configurations that lost and those that gained.
 */
export function sharpeFromSums(n: number, s: number, q: number): number {
  if (n < 2) return 0;
  const m = s / n;
  const deviation = q - s * m;
  // variance > VARIANCE_FLOOR · q / n, without the divisions (this runs millions of times per PBO).
  return deviation * n > VARIANCE_FLOOR * q * (n - 1) ? m * Math.sqrt((n - 1) / deviation) : 0;
}

/**
 * sharpeFromSums for a fixed number of days n, with what depends only on n computed once: the same ratio
 * (s · (1/n) in place of s / n), for the many configurations of one split.
 */
export function sharpeOfDays(n: number): (s: number, q: number) => number {
  if (n < 2) return () => 0;
  const perDay = 1 / n, floor = (VARIANCE_FLOOR * (n - 1)) / n, spread = n - 1;
  return (s, q) => {
    const m = s * perDay;
    const deviation = q - s * m;
    return deviation > floor * q ? m * Math.sqrt(spread / deviation) : 0;
  };
}
