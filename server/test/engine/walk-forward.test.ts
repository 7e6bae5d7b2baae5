import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKTEST_CONFIG,
  IndicatorCache,
  candleSeries,
  evaluateMetrics,
  generateCandles,
  getStrategy,
  resolveStrategyParams,
  runBacktest,
  type BacktestConfig,
  type CandleSeries,
  type EquityCurve,
  type StrategyParams,
  type TradeRecord,
} from '../../engine/index.ts';
import {
  annualisedReturnPct,
  createSearch,
  holdOutSplit,
  objectiveScore,
  parameterSpace,
  parameterStability,
  sliceSeries,
  stitchOutOfSample,
  walkForwardEfficiency,
  walkForwardPlan,
  walkForwardWindows,
  type ParameterAxis,
} from '../../engine/optimizer/index.ts';

const YEAR = 365.25 * 86_400_000;

describe('walk-forward windows', () => {
  it('tile the out-of-sample bars up to the end of the range, rolling or anchored (hand-checked)', () => {
    const plan = { range: { start: 0, end: 1000 }, windows: 3, inSampleLength: 400, outOfSampleLength: 100 };
    expect(walkForwardWindows({ ...plan, mode: 'ROLLING' })).toEqual([
      { index: 0, inSample: { start: 300, end: 700 }, outOfSample: { start: 700, end: 800 } },
      { index: 1, inSample: { start: 400, end: 800 }, outOfSample: { start: 800, end: 900 } },
      { index: 2, inSample: { start: 500, end: 900 }, outOfSample: { start: 900, end: 1000 } },
    ]);
    expect(walkForwardWindows({ ...plan, mode: 'ANCHORED' })).toEqual([
      { index: 0, inSample: { start: 300, end: 700 }, outOfSample: { start: 700, end: 800 } },
      { index: 1, inSample: { start: 300, end: 800 }, outOfSample: { start: 800, end: 900 } },
      { index: 2, inSample: { start: 300, end: 900 }, outOfSample: { start: 900, end: 1000 } },
    ]);
  });

  it('refuse plans that do not fit or make no sense', () => {
    expect(walkForwardWindows({ range: { start: 0, end: 1000 }, windows: 7, inSampleLength: 400, outOfSampleLength: 100, mode: 'ROLLING' })).toEqual({
      errors: ['7 windows of 400 in-sample + 100 out-of-sample need 1100, the range has 1000'],
    });
    expect(walkForwardWindows({ range: { start: 5, end: 5 }, windows: 0, inSampleLength: 1.5, outOfSampleLength: 0, mode: 'SLIDING' as 'ROLLING' })).toEqual({
      errors: [
        'range must be integers with 0 <= start < end, got [5, 5)',
        'windows must be an integer >= 1, got 0',
        'inSampleLength must be an integer >= 1, got 1.5',
        'outOfSampleLength must be an integer >= 1, got 0',
        'mode must be ROLLING or ANCHORED, got SLIDING',
      ],
    });
  });

  it('a plan from an in-sample fraction fills the range', () => {
    // f = 0.8 → is = 4 × oos; 3 windows: oos = ⌊1000 / 7⌋ = 142, is = 568; 568 + 3 × 142 = 994 <= 1000.
    expect(walkForwardPlan({ start: 0, end: 1000 }, 3, 0.8, 'ROLLING')).toEqual({ range: { start: 0, end: 1000 }, windows: 3, inSampleLength: 568, outOfSampleLength: 142, mode: 'ROLLING' });
    expect(walkForwardPlan({ start: 0, end: 5 }, 3, 0.8, 'ROLLING')).toEqual({ errors: ['the range of 5 is too short for 3 windows'] });
    expect(walkForwardPlan({ start: 0, end: 5 }, 3, 1, 'ROLLING')).toEqual({ errors: ['inSampleFraction must be in (0, 1), got 1'] });
  });

  it('hold-out keeps the last fraction out', () => {
    expect(holdOutSplit({ start: 0, end: 1000 }, 0.3)).toEqual({ inSample: { start: 0, end: 700 }, holdOut: { start: 700, end: 1000 } });
    expect(holdOutSplit({ start: 10, end: 13 }, 0.01)).toEqual({ inSample: { start: 10, end: 12 }, holdOut: { start: 12, end: 13 } });
    expect(holdOutSplit({ start: 0, end: 100 }, 1)).toEqual({ errors: ['hold-out fraction must be in (0, 1), got 1'] });
    expect(holdOutSplit({ start: 0, end: 1 }, 0.5)).toEqual({ errors: ['a hold-out needs at least 2 bars, the range has 1'] });
  });
});

describe('walk-forward efficiency', () => {
  it('annualises like CAGR and divides out-of-sample by in-sample (hand-computed)', () => {
    expect(annualisedReturnPct(21, 2 * YEAR)).toBeCloseTo(10, 12); // 1.21^(1/2) = 1.1
    expect(annualisedReturnPct(-100, YEAR)).toBeNull();
    expect(annualisedReturnPct(5, 0)).toBeNull();
    const wfe = walkForwardEfficiency([
      { inSampleRoi: 21, inSampleDurationMs: 2 * YEAR, outOfSampleRoi: 5, outOfSampleDurationMs: YEAR, outOfSampleTrades: 12 }, // 5 / 10
      { inSampleRoi: 10, inSampleDurationMs: YEAR, outOfSampleRoi: -2, outOfSampleDurationMs: YEAR, outOfSampleTrades: 9 }, // −2 / 10
    ]);
    expect(wfe.perWindow[0]).toBeCloseTo(0.5, 12);
    expect(wfe.perWindow[1]).toBeCloseTo(-0.2, 12);
    // Stitched OOS: 5 − 2 = 3 % over two years → (1.03^(1/2) − 1) × 100; mean in-sample 10 %.
    expect(wfe.overall).toBeCloseTo((Math.sqrt(1.03) - 1) * 10, 12);
    expect(wfe.reason).toBeNull();
    const losing = walkForwardEfficiency([{ inSampleRoi: -1, inSampleDurationMs: YEAR, outOfSampleRoi: 2, outOfSampleDurationMs: YEAR, outOfSampleTrades: 5 }]);
    expect(losing).toEqual({
      perWindow: [null],
      perWindowReasons: ['the in-sample return is not positive'],
      thinWindows: [],
      overall: null,
      reason: 'the mean annualised in-sample return is not positive',
    });
  });

  it('flags a window with fewer out-of-sample trades than minTrades as thin: no efficiency of its own, left out of the overall figure', () => {
    const windows = [
      { inSampleRoi: 21, inSampleDurationMs: 2 * YEAR, outOfSampleRoi: 5, outOfSampleDurationMs: YEAR, outOfSampleTrades: 12 },
      // One lucky trade: +40 % would dominate the overall figure if it counted.
      { inSampleRoi: 10, inSampleDurationMs: YEAR, outOfSampleRoi: 40, outOfSampleDurationMs: YEAR, outOfSampleTrades: 1 },
    ];
    const wfe = walkForwardEfficiency(windows, 10);
    expect(wfe.thinWindows).toEqual([1]);
    expect(wfe.perWindow[1]).toBeNull();
    expect(wfe.perWindowReasons[1]).toBe('thin: 1 out-of-sample trade(s), fewer than minTrades 10');
    // Overall over window 0 alone: 5 % over a year against 10 % a year in sample.
    expect(wfe.overall).toBeCloseTo(0.5, 12);
    const allThin = walkForwardEfficiency(windows, 50);
    expect(allThin.overall).toBeNull();
    expect(allThin.reason).toBe('every window is thin (fewer than 50 out-of-sample trades)');
  });
});

describe('parameter stability across windows', () => {
  it('mode share and dispersion from the median per parameter (hand-computed)', () => {
    const axes: ParameterAxis[] = [
      { name: 'fast', values: [10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] },
      { name: 'exitAtMiddle', values: [false, true] },
      { name: 'slow', values: [50] },
    ];
    const chosen = [
      { fast: 10, exitAtMiddle: true, slow: 50 },
      { fast: 10, exitAtMiddle: true, slow: 50 },
      { fast: 12, exitAtMiddle: true, slow: 50 },
      { fast: 30, exitAtMiddle: false, slow: 50 },
    ];
    const { parameters, overall } = parameterStability(chosen, axes);
    // fast: median 11, mean |deviation| (1 + 1 + 1 + 19) / 4 = 5.5 of a 20 span → 0.275, stability 0.45.
    expect(parameters[0]).toMatchObject({ name: 'fast', values: [10, 10, 12, 30], modeShare: 0.5 });
    expect(parameters[0].dispersion).toBeCloseTo(0.275, 12);
    expect(parameters[0].stability).toBeCloseTo(0.45, 12);
    // exitAtMiddle: 1, 1, 1, 0 → median 1, mean |deviation| 0.25 → stability 0.5.
    expect(parameters[1]).toMatchObject({ modeShare: 0.75, dispersion: 0.25, stability: 0.5 });
    expect(parameters[2]).toMatchObject({ modeShare: 1, dispersion: 0, stability: 1 });
    expect(overall).toBeCloseTo((0.45 + 0.5 + 1) / 3, 12);
  });
});

function curve(timeMs: number[], equity: number[]): EquityCurve {
  return { timeMs: Float64Array.from(timeMs), equity: Float64Array.from(equity), cash: Float64Array.from(equity), openPositions: new Float64Array(timeMs.length), drawdownPct: new Float64Array(timeMs.length) };
}

describe('stitching out-of-sample runs', () => {
  it('adds each window’s P/L on top of where the last one ended (hand-checked)', () => {
    const day = 86_400_000;
    const trade = { profitLoss: 20, fees: 1, entryTimeMs: 0, exitTimeMs: 2 * day, entryBar: 0, exitBar: 2 } as TradeRecord;
    const stitched = stitchOutOfSample([
      { curve: curve([0, day, 2 * day], [1000, 1010, 1020]), trades: [trade], initialCapital: 1000 },
      { curve: curve([3 * day, 4 * day], [1000, 990]), trades: [{ ...trade, profitLoss: -10, entryTimeMs: 3 * day, exitTimeMs: 4 * day }], initialCapital: 1000 },
    ]);
    if ('errors' in stitched) throw new Error(stitched.errors.join());
    expect(Array.from(stitched.curve.equity)).toEqual([1000, 1010, 1020, 1020, 1010]);
    expect(Array.from(stitched.curve.drawdownPct).map((x) => Number(x.toFixed(6)))).toEqual([0, 0, 0, 0, Number(((10 / 1020) * 100).toFixed(6))]);
    expect(stitched.trades).toHaveLength(2);
    expect(stitched.metrics).toMatchObject({ totalTrades: 2, totalProfitLoss: 10, finalEquity: 1010, roi: 1, maxDrawdown: 10 });
    expect(stitchOutOfSample([{ curve: curve([0, 5], [1, 1]), trades: [], initialCapital: 1 }, { curve: curve([5, 6], [1, 1]), trades: [], initialCapital: 1 }])).toEqual({
      errors: ['out-of-sample run 1 starts before run 0 ends'],
    });
  });
});

/** A calm trending first half, then a choppy, more volatile second half. */
function regimeChange(): CandleSeries {
  const first = generateCandles({ bars: 6000, seed: 31, symbol: 'WF', regimeBars: 1500, volatility: 0.003 });
  const second = generateCandles({ bars: 6000, seed: 32, symbol: 'WF', regimeBars: 60, volatility: 0.008, startPrice: first.close[5999], startTimeMs: first.openTime[5999] + first.intervalMs });
  const join = (a: Float64Array, b: Float64Array) => Float64Array.of(...a, ...b);
  return candleSeries('WF', first.intervalMs, {
    openTime: join(first.openTime, second.openTime), open: join(first.open, second.open), high: join(first.high, second.high),
    low: join(first.low, second.low), close: join(first.close, second.close), volume: join(first.volume, second.volume),
  });
}

describe('walk-forward end to end on the engine (regime change mid-range)', () => {
  it('optimises each in-sample window, tests its winner out of sample, and stitches the results', () => {
    const series = regimeChange();
    const windows = walkForwardWindows({ range: { start: 0, end: series.length }, windows: 4, inSampleLength: 4000, outOfSampleLength: 2000, mode: 'ROLLING' });
    if ('errors' in windows) throw new Error(windows.errors.join());
    const base = (resolveStrategyParams('ema_cross', { stopLossPct: 1, riskReward: 2 }) as { params: StrategyParams }).params;
    const ranges = { fast: { min: 4, max: 24, step: 4 }, slow: { min: 30, max: 120, step: 15 } };
    const config = (params: StrategyParams): BacktestConfig => ({ ...DEFAULT_BACKTEST_CONFIG, initialCapital: 10_000, sizing: { mode: 'PERCENT_EQUITY', value: 50 }, legs: [{ strategy: 'ema_cross', params, symbols: ['WF'] }] });
    const perWindow = windows.map((w) => {
      const inSample = new Map([['WF', sliceSeries(series, w.inSample)]]);
      const search = createSearch(getStrategy('ema_cross')!, ranges, base, { method: 'GRID' });
      if ('errors' in search) throw new Error(search.errors.join());
      const cache = new IndicatorCache();
      const roiOf = new Map<string, number>();
      while (!search.done) {
        search.tell(
          search.ask(50).map((params) => {
            const m = evaluateMetrics(inSample, config(params), { cache }).metrics;
            roiOf.set(JSON.stringify(params), m.roi);
            return { params, score: objectiveScore(m, 'COMPOSITE'), eligible: m.totalTrades >= 30 };
          }),
        );
      }
      const chosen = search.best()!.params;
      const outOfSample = runBacktest(new Map([['WF', sliceSeries(series, w.outOfSample)]]), config(chosen));
      const ms = (r: { start: number; end: number }) => series.openTime[r.end - 1] + series.intervalMs - series.openTime[r.start];
      return { chosen, inSampleRoi: roiOf.get(JSON.stringify(chosen))!, outOfSample, isMs: ms(w.inSample), oosMs: ms(w.outOfSample) };
    });
    expect(perWindow).toHaveLength(4);
    const stitched = stitchOutOfSample(perWindow.map((w) => ({ curve: w.outOfSample.equity, trades: w.outOfSample.trades, initialCapital: 10_000 })));
    if ('errors' in stitched) throw new Error(stitched.errors.join());
    expect(stitched.curve.equity).toHaveLength(4 * 2000);
    const summed = perWindow.reduce((s, w) => s + w.outOfSample.metrics.totalProfitLoss, 0);
    expect(stitched.metrics.finalEquity).toBeCloseTo(10_000 + summed, 6);
    expect(stitched.metrics.totalTrades).toBe(perWindow.reduce((n, w) => n + w.outOfSample.metrics.totalTrades, 0));
    const wfe = walkForwardEfficiency(
      perWindow.map((w) => ({ inSampleRoi: w.inSampleRoi, inSampleDurationMs: w.isMs, outOfSampleRoi: w.outOfSample.metrics.roi, outOfSampleDurationMs: w.oosMs, outOfSampleTrades: w.outOfSample.metrics.totalTrades })),
    );
    expect(wfe.perWindow).toHaveLength(4);
    if (wfe.overall === null) expect(wfe.reason).not.toBeNull();
    const space = parameterSpace(getStrategy('ema_cross')!, ranges, base);
    if ('errors' in space) throw new Error(space.errors.join());
    const stability = parameterStability(perWindow.map((w) => w.chosen), space.axes);
    expect(stability.parameters.map((p) => p.name)).toEqual(['fast', 'slow']);
    expect(stability.overall).toBeGreaterThanOrEqual(0);
    expect(stability.overall).toBeLessThanOrEqual(1);
  });
});
