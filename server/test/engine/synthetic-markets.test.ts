import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_CONFIG, generateNoEdgeMarket, generatePlantedTrendMarket, runBacktest, validateCandles, type CandleSeries, type StrategyParams } from '../../engine/index.ts';
import { mean } from '../../engine/validation/index.ts';

const HOUR = 3_600_000;
const YEAR_OF_HOURS = 8760;

function logReturns(series: CandleSeries): number[] {
  return Array.from({ length: series.length - 1 }, (_, i) => Math.log(series.close[i + 1] / series.close[i]));
}

function autocorrelation(xs: readonly number[], lag: number): number {
  const m = mean(xs);
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - m) ** 2;
    if (i >= lag) num += (xs[i] - m) * (xs[i - lag] - m);
  }
  return num / den;
}

/** Variance of the sums of `k` consecutive returns (non-overlapping) / (k × the variance of one): 1 for a random walk. */
function varianceRatio(xs: readonly number[], k: number): number {
  const sums: number[] = [];
  for (let i = 0; i + k <= xs.length; i += k) sums.push(xs.slice(i, i + k).reduce((a, b) => a + b, 0));
  const variance = (ys: readonly number[]) => {
    const m = mean(ys);
    return mean(ys.map((y) => (y - m) ** 2));
  };
  return variance(sums) / (k * variance(xs));
}

function sharpeOf(series: CandleSeries, params: StrategyParams): number | null {
  const config = { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 10_000, legs: [{ strategy: 'ema_cross', params, symbols: [series.symbol] }] };
  return runBacktest(new Map([[series.symbol, series]]), config).metrics.sharpeRatio;
}

describe('generated markets for the overfitting acceptance', () => {
  it('are valid, hourly, and the same for the same seed', () => {
    for (const generate of [generateNoEdgeMarket, generatePlantedTrendMarket]) {
      const a = generate({ bars: 500, seed: 3 });
      expect(() => validateCandles(a)).not.toThrow();
      expect(a.intervalMs).toBe(HOUR);
      expect(generate({ bars: 500, seed: 3 })).toEqual(a);
      expect(generate({ bars: 500, seed: 4 }).close).not.toEqual(a.close);
      for (let i = 1; i < a.length; i++) expect(a.open[i]).toBe(a.close[i - 1]);
    }
  });

  it('no edge: zero drift, 60 % a year, volatility that clusters, no linear predictability (seeded, a year of 1 h bars)', () => {
    const r = logReturns(generateNoEdgeMarket({ bars: YEAR_OF_HOURS, seed: 1 }));
    const sd = Math.sqrt(mean(r.map((x) => x * x)));
    expect(sd * Math.sqrt(YEAR_OF_HOURS)).toBeGreaterThan(0.5);
    expect(sd * Math.sqrt(YEAR_OF_HOURS)).toBeLessThan(0.7);
    // The mean is within 3 standard errors of 0; returns are uncorrelated but their squares are not (GARCH).
    expect(Math.abs(mean(r))).toBeLessThan((3 * sd) / Math.sqrt(r.length));
    expect(Math.abs(autocorrelation(r, 1))).toBeLessThan(3 / Math.sqrt(r.length));
    expect(autocorrelation(r.map((x) => x * x), 1)).toBeGreaterThan(0.05);
  });

  it('planted edge: short swings revert (24-hour variance ratio well below 1); a slow crossover earns, 12/26 loses', () => {
    const market = generatePlantedTrendMarket({ bars: YEAR_OF_HOURS, seed: 1001 });
    const r = logReturns(market);
    expect(autocorrelation(r, 1)).toBeLessThan(0);
    expect(varianceRatio(r, 24)).toBeLessThan(0.8);
    expect(varianceRatio(logReturns(generateNoEdgeMarket({ bars: YEAR_OF_HOURS, seed: 1 })), 24)).toBeGreaterThan(0.8);
    expect(sharpeOf(market, { fast: 41, slow: 161 })!).toBeGreaterThan(1);
    expect(sharpeOf(market, { fast: 12, slow: 26 })!).toBeLessThan(-1);
    // Without the reverting swings the same trends make 12/26 profitable too: the swings are what it lacks.
    const trendsOnly = generatePlantedTrendMarket({ bars: YEAR_OF_HOURS, seed: 1001, reversionStrength: 0 });
    expect(sharpeOf(trendsOnly, { fast: 12, slow: 26 })!).toBeGreaterThan(0);
  });
});
