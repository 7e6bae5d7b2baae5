/**
 * Descriptive statistics of a sample, the one definition the engine's metrics and the validation statistics
 * share. Mean and sample standard deviation as the Sharpe ratio reads them; skewness and kurtosis as the
 * Probabilistic Sharpe Ratio reads them (Bailey & López de Prado: moment ratios of the sample itself).
 */

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/**
 * Two samples of equal length side by side: their means and the centred sums Σ(x − x̄)², Σ(y − ȳ)² and
 * Σ(x − x̄)(y − ȳ) (two passes, the means first), from which covariance, regression and correlation follow.
 */
export function pairedMoments(x: ArrayLike<number>, y: ArrayLike<number>): { meanX: number; meanY: number; sxx: number; syy: number; sxy: number } {
  const n = x.length;
  let meanX = 0, meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX, dy = y[i] - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { meanX, meanY, sxx, syy, sxy };
}

/** Sample standard deviation (n − 1) around `m` (the sample's mean). */
export function sampleStd(xs: ArrayLike<number>, m: number): number {
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Sample variance (n − 1); NaN under 2 values. */
export function sampleVariance(xs: ArrayLike<number>): number {
  if (xs.length < 2) return NaN;
  return sampleStd(xs, mean(xs)) ** 2;
}

/** m_k = Σ (x − x̄)^k / n for k = 2, 3, 4 (two passes: the mean first, so large means do not cancel). */
function centralMoments(xs: ArrayLike<number>): { m2: number; m3: number; m4: number } {
  const n = xs.length;
  const m = mean(xs);
  let s2 = 0, s3 = 0, s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { m2: s2 / n, m3: s3 / n, m4: s4 / n };
}

/**
 * Skewness g1 = m3 / m2^(3/2) (the moment ratio, without small-sample correction; 0 for a symmetric
 * sample). Null under 2 values or when every value is the same (m2 = 0).
 */
export function skewness(xs: ArrayLike<number>): number | null {
  if (xs.length < 2) return null;
  const { m2, m3 } = centralMoments(xs);
  return m2 > 0 ? m3 / m2 ** 1.5 : null;
}

/**
 * Kurtosis b2 = m4 / m2², NOT excess: 3 for a normal distribution (the PSR formula's γ4 − 1 expects this
 * one). Null under 2 values or when every value is the same.
 */
export function kurtosis(xs: ArrayLike<number>): number | null {
  if (xs.length < 2) return null;
  const { m2, m4 } = centralMoments(xs);
  return m2 > 0 ? m4 / (m2 * m2) : null;
}
