import { DAYS_PER_YEAR } from '../metrics.ts';
import { percentiles, type Percentiles } from '../monte-carlo.ts';
import { sharpeFromSums, sharpeOfDays, type BlockStatistics } from './block-statistics.ts';
import { pairedMoments } from './moments.ts';

/**
 * The Probability of Backtest Overfitting by combinatorially symmetric cross-validation (CSCV; Bailey,
 * Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", J. Computational Finance, 2015).
 *
 * The T days are cut into S contiguous blocks. Every way of choosing S/2 blocks as in-sample (IS), the
 * other S/2 being out-of-sample (OOS), is one split: C(S, S/2) of them (12,870 for S = 16), each split's
 * complement among them. Per split:
 *   n*  = the configuration with the highest IS Sharpe ratio (ties: the lowest index)
 *   ω   = rank of n*'s OOS Sharpe among all N configurations' OOS Sharpe / (N + 1), rank 1 = worst, ties
 *         at their mid-rank
 *   λ   = ln(ω / (1 − ω)), the logit: > 0 when the IS choice lands in the better half OOS
 * PBO = the share of splits with λ ≤ 0: how often what is best in sample is at or below the median out of
 * sample. About 0.5 or more for a search over noise; near 0 when the choice carries over.
 * Also: the probability of OOS loss (share of splits whose n* has an OOS Sharpe < 0) and the performance
 * degradation, the least-squares line OOS Sharpe = intercept + slope · IS Sharpe of n* across the splits
 * (a slope near 0 or below: in-sample excellence does not carry over).
 *
 * The Sharpe ratio of a union of blocks is computed from the blocks' summed statistics (sharpeFromSums: an
 * undefined ratio, e.g. no trades, reads as 0); every configuration's sums are added in the same order, so
 * configurations with equal statistics tie exactly. Reported Sharpe ratios are annualised by √periodsPerYear
 * (default 365, as the engine's sharpeRatio); ranks do not depend on it.
 */

export interface PboOptions {
  /** Periods per year of the returns the statistics were built from (default 365: daily). */
  readonly periodsPerYear?: number;
}

export interface PerformanceDegradation {
  /** OOS Sharpe = intercept + slope · IS Sharpe of the chosen configuration, least squares over the splits; null when the IS Sharpe never varies. */
  readonly slope: number | null;
  readonly intercept: number | null;
  /** Share of the OOS variance the line explains; null when either side never varies. */
  readonly rSquared: number | null;
  readonly meanInSampleSharpe: number;
  readonly meanOutOfSampleSharpe: number;
}

export interface PboResult {
  /** Share of splits with λ ≤ 0. */
  readonly probabilityOfOverfitting: number;
  readonly splits: number;
  readonly configurations: number;
  readonly blocks: number;
  /**
   * λ of every split, in enumeration order: pairs of a split with block 0 in sample and its complement
   * (each split once; the order within is fixed but not meaningful).
   */
  readonly logits: Float64Array;
  readonly logitPercentiles: Percentiles;
  /** Per split: the IS choice n*, and its annualised IS and OOS Sharpe ratios. */
  readonly chosen: Int32Array;
  readonly inSampleSharpe: Float64Array;
  readonly outOfSampleSharpe: Float64Array;
  /** Share of splits whose chosen configuration has an OOS Sharpe below 0. */
  readonly probabilityOfLoss: number;
  readonly degradation: PerformanceDegradation;
}

/** C(20, 10) = 184,756 splits; beyond that a request is a mistake rather than a wish for precision. */
const MAX_BLOCKS = 20;
/**
 * The last blocks whose subset sums are tabled (2^4 = 16 subsets × 3 sums per configuration, as large as the
 * statistics themselves at S = 16): it spares the enumeration its deepest, widest levels.
 */
const TAIL_BLOCKS = 4;

/** Per split of one part, in enumeration order: its λ, its IS choice n*, and n*'s annualised IS and OOS Sharpe ratios. */
export interface PboSplits {
  readonly logits: Float64Array;
  readonly chosen: Int32Array;
  readonly inSampleSharpe: Float64Array;
  readonly outOfSampleSharpe: Float64Array;
}

/**
 * The splits are enumerated with block 0 always in sample, and block 1 on either side: the splits with
 * block 1 in sample come first, then the others. Each part can be enumerated on its own (on two threads)
 * and the parts joined, in that order, give the same result as one enumeration, bit for bit.
 */
export const PBO_PARTS = ['BLOCK_1_IN_SAMPLE', 'BLOCK_1_OUT_OF_SAMPLE'] as const;
export type PboPart = (typeof PBO_PARTS)[number];

export function probabilityOfBacktestOverfitting(stats: BlockStatistics, options: PboOptions = {}): PboResult | { errors: string[] } {
  const errors = pboProblems(stats, options);
  if (errors.length > 0) return { errors };
  return joinPboSplits(stats, [enumeratePboSplits(stats, options)]);
}

/** Why PBO cannot be computed from these statistics and options (empty: it can). */
export function pboProblems(stats: BlockStatistics, options: PboOptions = {}): string[] {
  const errors = problemsOf(stats);
  const periodsPerYear = options.periodsPerYear ?? DAYS_PER_YEAR;
  if (!(periodsPerYear > 0 && Number.isFinite(periodsPerYear))) errors.push(`periodsPerYear must be a positive number, got ${periodsPerYear}`);
  return errors;
}

/** The result from the splits of every part, given in PBO_PARTS order (or one enumeration of all of them). */
export function joinPboSplits(stats: BlockStatistics, parts: readonly PboSplits[]): PboResult {
  const logits = concatenated(parts.map((p) => p.logits), Float64Array);
  const chosen = concatenated(parts.map((p) => p.chosen), Int32Array);
  const isChosen = concatenated(parts.map((p) => p.inSampleSharpe), Float64Array);
  const oosChosen = concatenated(parts.map((p) => p.outOfSampleSharpe), Float64Array);
  const splits = logits.length;
  let overfit = 0, losses = 0;
  for (let k = 0; k < splits; k++) {
    if (logits[k] <= 0) overfit++;
    if (oosChosen[k] < 0) losses++;
  }
  return {
    probabilityOfOverfitting: overfit / splits,
    splits,
    configurations: stats.configurations,
    blocks: stats.blocks,
    logits,
    logitPercentiles: percentiles(logits.slice()),
    chosen,
    inSampleSharpe: isChosen,
    outOfSampleSharpe: oosChosen,
    probabilityOfLoss: losses / splits,
    degradation: leastSquares(isChosen, oosChosen),
  };
}

function concatenated<T extends Float64Array | Int32Array>(parts: readonly T[], Type: { new (length: number): T }): T {
  if (parts.length === 1) return parts[0];
  const out = new Type(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The splits of one part (all of them without `part`), for statistics pboProblems accepts. */
export function enumeratePboSplits(stats: BlockStatistics, options: PboOptions = {}, part?: PboPart): PboSplits {
  const periodsPerYear = options.periodsPerYear ?? DAYS_PER_YEAR;
  const { configurations: n, blocks: s, count, sum, sumOfSquares } = stats;
  const half = s / 2;
  // Pairs with block 0 in sample: C(s − 2, half − 2) with block 1 there too, C(s − 2, half − 1) with it out.
  const pairs = part === undefined ? binomial(s, half) / 2 : part === 'BLOCK_1_IN_SAMPLE' ? binomial(s - 2, half - 2) : binomial(s - 2, half - 1);
  const splits = 2 * pairs;
  const annualise = Math.sqrt(periodsPerYear);
  const logits = new Float64Array(splits), chosen = new Int32Array(splits);
  const isChosen = new Float64Array(splits), oosChosen = new Float64Array(splits);
  const sharpeA = new Float64Array(n), sharpeB = new Float64Array(n);
  let split = 0;

  const record = (best: number, isSharpe: number, oosSharpe: number, below: number, equal: number): void => {
    const omega = (below + (equal + 1) / 2) / (n + 1);
    logits[split] = Math.log(omega / (1 - omega));
    chosen[split] = best;
    isChosen[split] = isSharpe * annualise;
    oosChosen[split] = oosSharpe * annualise;
    split++;
  };

  // Each split's sums are a prefix part plus a tail part. The prefix (blocks 0..s − tail − 1) is enumerated
  // depth first, each level adding one block to the side it goes to, so shared prefixes are summed once;
  // the tail (the last `tail` blocks) is a table of sums for every subset of them. Block 0 stays in sample:
  // a split and its complement then come out together and read the same two Sharpe vectors, roles swapped.
  // Block 1 stays in the enumerated prefix, where the parts divide.
  const tail = Math.min(TAIL_BLOCKS, half, s - 2);
  const prefixBlocks = s - tail;
  const table = subsetSums(stats, prefixBlocks);
  const fullMask = (1 << tail) - 1;
  const masksBySize = Array.from({ length: tail + 1 }, () => [] as number[]);
  for (let m = 0; m <= fullMask; m++) masksBySize[popCount(m)].push(m);
  const levels = (half + 1) * n;
  const inN = new Float64Array(levels), inS = new Float64Array(levels), inQ = new Float64Array(levels);
  const outN = new Float64Array(levels), outS = new Float64Array(levels), outQ = new Float64Array(levels);

  // When every configuration has the same number of days in each block (one timeline, no ruined account),
  // a split's n is one number: the per-configuration counts need not be summed, and s / n becomes s · (1 / n).
  const blockDays = uniformBlockDays(stats);
  const extend = (tn: Float64Array, ts: Float64Array, tq: Float64Array, level: number, block: number): void => {
    const from = level * n, to = from + n, src = block * n;
    if (blockDays === null) for (let c = 0; c < n; c++) tn[to + c] = tn[from + c] + count[src + c];
    for (let c = 0; c < n; c++) {
      ts[to + c] = ts[from + c] + sum[src + c];
      tq[to + c] = tq[from + c] + sumOfSquares[src + c];
    }
  };
  const daysOf = (prefix: number, mask: number): number => {
    let days = prefix;
    for (let t = 0; t < tail; t++) if ((mask >> t) & 1) days += blockDays![prefixBlocks + t];
    return days;
  };

  const evaluatePair = (inLevel: number, outLevel: number, inMask: number, inPrefixDays: number, outPrefixDays: number): void => {
    const a = inLevel * n, b = outLevel * n, ta = inMask * n, tb = (fullMask ^ inMask) * n;
    const tn = table.n, ts = table.s, tq = table.q;
    let bestA = 0, bestB = 0, maxA = -Infinity, maxB = -Infinity;
    // With uniform days, a split's day count is one number: its Sharpe function is made once per half.
    const uniform = blockDays !== null;
    const ofA = sharpeOfDays(uniform ? daysOf(inPrefixDays, inMask) : 0), ofB = sharpeOfDays(uniform ? daysOf(outPrefixDays, fullMask ^ inMask) : 0);
    for (let c = 0; c < n; c++) {
      let sa: number, sb: number;
      if (uniform) {
        sa = ofA(inS[a + c] + ts[ta + c], inQ[a + c] + tq[ta + c]);
        sb = ofB(outS[b + c] + ts[tb + c], outQ[b + c] + tq[tb + c]);
      } else {
        sa = sharpeFromSums(inN[a + c] + tn[ta + c], inS[a + c] + ts[ta + c], inQ[a + c] + tq[ta + c]);
        sb = sharpeFromSums(outN[b + c] + tn[tb + c], outS[b + c] + ts[tb + c], outQ[b + c] + tq[tb + c]);
      }
      sharpeA[c] = sa;
      sharpeB[c] = sb;
      if (sa > maxA) {
        maxA = sa;
        bestA = c;
      }
      if (sb > maxB) {
        maxB = sb;
        bestB = c;
      }
    }
    // The split with A in sample ranks its choice among the B ratios; its complement the other way round.
    const valueInB = sharpeB[bestA], valueInA = sharpeA[bestB];
    let belowB = 0, equalB = 0, belowA = 0, equalA = 0;
    for (let c = 0; c < n; c++) {
      const sb = sharpeB[c], sa = sharpeA[c];
      if (sb < valueInB) belowB++;
      else if (sb === valueInB) equalB++;
      if (sa < valueInA) belowA++;
      else if (sa === valueInA) equalA++;
    }
    record(bestA, maxA, valueInB, belowB, equalB);
    record(bestB, maxB, valueInA, belowA, equalA);
  };

  const visit = (block: number, inCount: number, outCount: number, inDays: number, outDays: number): void => {
    if (block === prefixBlocks) {
      for (const mask of masksBySize[half - inCount]) evaluatePair(inCount, outCount, mask, inDays, outDays);
      return;
    }
    const days = blockDays === null ? 0 : blockDays[block];
    if (inCount < half && !(block === 1 && part === 'BLOCK_1_OUT_OF_SAMPLE')) {
      extend(inN, inS, inQ, inCount, block);
      visit(block + 1, inCount + 1, outCount, inDays + days, outDays);
    }
    if (outCount < half && block > 0 && !(block === 1 && part === 'BLOCK_1_IN_SAMPLE')) {
      extend(outN, outS, outQ, outCount, block);
      visit(block + 1, inCount, outCount + 1, inDays, outDays + days);
    }
  };
  visit(0, 0, 0, 0, 0);
  return { logits, chosen, inSampleSharpe: isChosen, outOfSampleSharpe: oosChosen };
}

function problemsOf(stats: BlockStatistics): string[] {
  const { configurations: n, blocks: s } = stats;
  const errors: string[] = [];
  if (!Number.isInteger(n) || n < 2) errors.push(`PBO compares configurations: needs at least 2, got ${n}`);
  if (!Number.isInteger(s) || s < 2 || s % 2 !== 0 || s > MAX_BLOCKS) errors.push(`blocks must be an even integer in [2, ${MAX_BLOCKS}], got ${s}`);
  if (errors.length > 0) return errors;
  for (const [name, column] of [['count', stats.count], ['sum', stats.sum], ['sumOfSquares', stats.sumOfSquares]] as const) {
    if (column.length !== n * s) errors.push(`${name} holds ${column.length} values, expected configurations × blocks = ${n * s}`);
    else if (!column.every(Number.isFinite)) errors.push(`${name} holds a value that is not a finite number`);
  }
  return errors;
}

/**
 * Sums of every subset of the blocks from `first` on, by subset mask (bit t = block first + t), each
 * configuration's at mask · configurations + c.
 */
function subsetSums(stats: BlockStatistics, first: number): { n: Float64Array; s: Float64Array; q: Float64Array } {
  const { configurations: n, blocks } = stats;
  const subsets = 1 << (blocks - first);
  const out = { n: new Float64Array(subsets * n), s: new Float64Array(subsets * n), q: new Float64Array(subsets * n) };
  for (let mask = 1; mask < subsets; mask++) {
    const low = mask & -mask;
    const rest = (mask ^ low) * n, at = mask * n, src = (first + Math.log2(low)) * n;
    for (let c = 0; c < n; c++) {
      out.n[at + c] = out.n[rest + c] + stats.count[src + c];
      out.s[at + c] = out.s[rest + c] + stats.sum[src + c];
      out.q[at + c] = out.q[rest + c] + stats.sumOfSquares[src + c];
    }
  }
  return out;
}

/** The number of days of each block when every configuration has the same, else null. */
function uniformBlockDays(stats: BlockStatistics): Float64Array | null {
  const { configurations: n, blocks, count } = stats;
  const days = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    days[b] = count[b * n];
    for (let c = 1; c < n; c++) if (count[b * n + c] !== days[b]) return null;
  }
  return days;
}

function popCount(mask: number): number {
  let bits = 0;
  for (let m = mask; m !== 0; m &= m - 1) bits++;
  return bits;
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Least-squares line y = intercept + slope · x, with R². */
function leastSquares(x: Float64Array, y: Float64Array): PerformanceDegradation {
  const { meanX: mx, meanY: my, sxx, syy, sxy } = pairedMoments(x, y);
  const slope = sxx > 0 ? sxy / sxx : null;
  return {
    slope,
    intercept: slope === null ? null : my - slope * mx,
    rSquared: sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : null,
    meanInSampleSharpe: mx,
    meanOutOfSampleSharpe: my,
  };
}
