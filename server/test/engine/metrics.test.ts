import { describe, expect, it } from 'vitest';
import { buyAndHoldEquity, candleSeries, computeMetrics, dailyCloses, dailyReturns, dayEndBars, downsampleEquity, mulberry32, type EquityCurve, type TradeRecord } from '../../engine/index.ts';

const DAY = 86_400_000;
const D0 = Date.UTC(2024, 0, 1);

function curve(values: number[], stepMs = DAY): EquityCurve {
  const n = values.length;
  return {
    timeMs: Float64Array.from(values, (_, i) => D0 + i * stepMs),
    equity: Float64Array.from(values),
    cash: Float64Array.from(values),
    openPositions: new Float64Array(n),
    drawdownPct: new Float64Array(n),
  };
}

function trade(profitLoss: number, entryDay: number, exitDay: number): TradeRecord {
  return {
    legIndex: 0, symbol: 'A', direction: 'LONG', entryTimeMs: D0 + entryDay * DAY, exitTimeMs: D0 + exitDay * DAY, entryBar: entryDay, exitBar: exitDay,
    entryPrice: 100, exitPrice: 100, quantity: 1, fees: 1, profitLoss, profitLossPct: profitLoss, exitReason: 'SIGNAL', confidence: 1,
    stopLoss: null, takeProfit: null, signalIndicators: {},
  };
}

describe('metrics on hand-computed inputs', () => {
  // Daily equity 1000 → 1100 → 990 → 1089: returns +10 %, −10 %, +10 %.
  const c = curve([1000, 1100, 990, 1089]);
  const trades = [trade(100, 0, 2), trade(-50, 2, 3), trade(30, 3, 3), trade(0, 1, 2)];
  const m = computeMetrics(trades, c, 1000, [{ firstClose: 50, lastClose: 60 }, { firstClose: 10, lastClose: 9 }]);

  it('trade statistics', () => {
    expect(m).toMatchObject({ totalTrades: 4, winningTrades: 2, losingTrades: 1, winRate: 50, totalProfitLoss: 80, expectancy: 20, bestTrade: 100, worstTrade: -50, avgWin: 65, avgLoss: -50, feesPaid: 4 });
    expect(m.profitFactor).toBeCloseTo(130 / 50, 12);
    // durations 2, 1, 0, 1 days
    expect(m.avgTradeDurationMs).toBe(DAY);
    expect(m.maxTradeDurationMs).toBe(2 * DAY);
    // SQN = √4 × mean 20 / sample σ; deviations 80, −70, 10, −20 → σ² = 11800 / 3
    expect(m.sqn).toBeCloseTo((2 * 20) / Math.sqrt(11800 / 3), 12);
  });

  it('equity statistics', () => {
    expect(m.finalEquity).toBe(1089);
    expect(m.roi).toBeCloseTo(8.9, 12);
    expect(m.maxDrawdown).toBeCloseTo(110, 12);
    expect(m.maxDrawdownPercentage).toBeCloseTo(10, 12);
    expect(m.maxDrawdownDurationMs).toBe(2 * DAY); // peak on day 1, still under water on day 3
    const years = (3 * DAY) / (365.25 * DAY);
    expect(m.cagr).toBeCloseTo((1.089 ** (1 / years) - 1) * 100, 6);
    expect(m.calmarRatio).toBeCloseTo(m.cagr! / 10, 9);
    // exposure: trades cover days [0, 2), [2, 3), [1, 2) and the zero-length [3, 3) → bars 0, 1, 2 of 4
    expect(m.exposurePct).toBe(75);
    // buy and hold: mean of +20 % and −10 %
    expect(m.buyAndHoldReturn).toBeCloseTo(5, 12);
  });

  it('Sharpe and Sortino on daily returns, × √365', () => {
    const r = [0.1, -0.1, 0.1];
    const mean = 0.1 / 3;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(m.sharpeRatio).toBeCloseTo((mean / sd) * Math.sqrt(365), 9);
    expect(m.sortinoRatio).toBeCloseTo((mean / Math.sqrt(0.01 / 3)) * Math.sqrt(365), 9);
  });

  it('takes the last bar of each UTC day for daily returns', () => {
    const hourly = curve([1000, 1200, 1100, 1000, 1100, 1050, 900, 990], 6 * 3_600_000); // two days of 4 bars
    expect(dailyCloses(hourly)).toEqual([1000, 990]);
    const h = computeMetrics([], hourly, 1000);
    expect(h.sharpeRatio).toBeNull();
    expect(h.nullReasons.sharpeRatio).toMatch(/at least 2 daily returns/);
  });

  it('dailyReturns: one per day after the first, NaN after a ruin, the ratios reading only the defined ones', () => {
    const ruined = curve([1000, 1100, 0, 0, 50]);
    const r = dailyReturns({ equity: ruined.equity, dayEnds: dayEndBars(ruined.timeMs, 5) });
    expect(Array.from(r)).toEqual([0.10000000000000009, -1, NaN, NaN]);
    // Two defined returns, +10 % and −100 %: the Sharpe ratio of those two.
    const sd = Math.sqrt(((0.1 + 0.45) ** 2 + (-1 + 0.45) ** 2) / 1);
    expect(computeMetrics([], ruined, 1000).sharpeRatio).toBeCloseTo((-0.45 / sd) * Math.sqrt(365), 9);
    expect(dailyReturns({ equity: new Float64Array(0), dayEnds: new Int32Array(0) })).toHaveLength(0);
  });

  it('null with a reason instead of Infinity or NaN', () => {
    const none = computeMetrics([], curve([1000]), 1000);
    for (const key of ['winRate', 'profitFactor', 'expectancy', 'avgTradeDurationMs', 'bestTrade', 'sqn', 'cagr', 'sharpeRatio', 'calmarRatio', 'avgWin', 'avgLoss'] as const) {
      expect(none[key], key).toBeNull();
      expect(none.nullReasons[key], key).toBeTruthy();
    }
    const winnersOnly = computeMetrics([trade(10, 0, 1), trade(20, 1, 2)], curve([1000, 1010, 1030]), 1000);
    expect(winnersOnly.profitFactor).toBeNull();
    expect(winnersOnly.nullReasons.profitFactor).toMatch(/no losing trades/);
    expect(winnersOnly.calmarRatio).toBeNull();
    expect(winnersOnly.nullReasons.calmarRatio).toBe('no drawdown');
    const flat = computeMetrics([], curve([1000, 1000, 1000, 1000]), 1000);
    expect(flat.sharpeRatio).toBeNull();
    expect(flat.nullReasons.sharpeRatio).toMatch(/zero variance/);
    for (const v of Object.values(flat)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });
});

describe('drawdown and day ends, against their per-bar definitions', () => {
  it('equal evaluating every bar, bit for bit, on random curves with flats, new highs and irregular times', () => {
    const rng = mulberry32(77);
    for (let run = 0; run < 200; run++) {
      const n = 1 + Math.floor(rng.next() * 400);
      const timeMs = new Float64Array(n), equity = new Float64Array(n);
      let t = D0 + Math.floor(rng.next() * DAY), e = 1000;
      for (let i = 0; i < n; i++) {
        t += rng.next() < 0.1 ? Math.floor(rng.next() * 3 * DAY) : 3_600_000;
        timeMs[i] = t;
        if (rng.next() < 0.7) e *= 1 + 0.02 * rng.normal();
        equity[i] = e;
      }
      const c: EquityCurve = { timeMs, equity, cash: equity, openPositions: new Float64Array(n), drawdownPct: new Float64Array(n) };
      // The definitions, bar by bar.
      let peak = 1000, peakTime = timeMs[0], maxDd = 0, maxDdPct = 0, maxDuration = 0;
      for (let i = 0; i < n; i++) {
        if (equity[i] >= peak) {
          peak = equity[i];
          peakTime = timeMs[i];
        } else {
          maxDd = Math.max(maxDd, peak - equity[i]);
          maxDdPct = Math.max(maxDdPct, ((peak - equity[i]) / peak) * 100);
        }
        maxDuration = Math.max(maxDuration, timeMs[i] - peakTime);
      }
      const dayEnds = [];
      for (let i = 0; i < n; i++) if (i === n - 1 || Math.floor(timeMs[i] / DAY) !== Math.floor(timeMs[i + 1] / DAY)) dayEnds.push(equity[i]);
      const m = computeMetrics([], c, 1000);
      expect([m.maxDrawdown, m.maxDrawdownPercentage, m.maxDrawdownDurationMs]).toEqual([maxDd, maxDdPct, maxDuration]);
      expect(dailyCloses(c)).toEqual(dayEnds);
    }
  });
});

describe('downsampleEquity', () => {
  it('keeps first, last, global min and max within maxPoints, ascending', () => {
    const rng = mulberry32(4);
    const n = 10_000;
    const values = new Float64Array(n);
    let v = 1000;
    for (let i = 0; i < n; i++) values[i] = v *= 1 + 0.01 * rng.normal();
    const time = Float64Array.from(values, (_, i) => i);
    const kept = downsampleEquity(time, values, 101);
    expect(kept.length).toBeLessThanOrEqual(101);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
    let min = 0, max = 0;
    values.forEach((x, i) => {
      if (x < values[min]) min = i;
      if (x > values[max]) max = i;
    });
    expect(Array.from(kept)).toContain(min);
    expect(Array.from(kept)).toContain(max);
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
    expect(Array.from(downsampleEquity(time.subarray(0, 5), values.subarray(0, 5), 10))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('buy and hold', () => {
  it('holds an equal share of every symbol from its first close; at the last bar it earns buyAndHoldReturn', () => {
    const a = candleSeries('A', 3_600_000, { openTime: [0, 3_600_000, 7_200_000], open: [100, 100, 110], high: [100, 110, 120], low: [100, 100, 110], close: [100, 110, 120], volume: [1, 1, 1] });
    const b = candleSeries('B', 3_600_000, { openTime: [3_600_000, 7_200_000], open: [50, 50], high: [50, 50], low: [40, 40], close: [50, 40], volume: [1, 1] });
    // t = 0: A 100/100, B before its first candle counts its first close: 1000 × (1 + 1)/2 = 1000.
    // t = 1h: A 1.1, B 1 → 1050; t = 2h: A 1.2, B 0.8 → 1000; 90 min: the closes at or before it (A 1.1, B 1).
    expect(Array.from(buyAndHoldEquity([a, b], 1000, [0, 3_600_000, 7_200_000, 5_400_000]))).toEqual([1000, 1050, 1000, 1050]);
    const metrics = computeMetrics([], curve([1000, 1000]), 1000, [{ firstClose: 100, lastClose: 120 }, { firstClose: 50, lastClose: 40 }]);
    expect(buyAndHoldEquity([a, b], 1000, [7_200_000])[0]).toBeCloseTo(1000 * (1 + metrics.buyAndHoldReturn! / 100), 9);
  });
});

describe('tail ratio', () => {
  it('is |P95| / |P5| of the daily returns, percentiles linear between order statistics', () => {
    // Daily returns +10 %, −10 %, +10 %, −5 %; sorted −0.1, −0.05, 0.1, 0.1.
    // P5 at rank 3 × 0.05 = 0.15: −0.1 + 0.15 × (−0.05 − (−0.1)) = −0.0925; P95 at rank 2.85: 0.1.
    const m = computeMetrics([], curve([1000, 1100, 990, 1089, 1034.55]), 1000);
    expect(m.tailRatio).toBeCloseTo(0.1 / 0.0925, 9);
  });

  it('is null, with the reason, without two daily returns or when the 5th percentile is 0', () => {
    const short = computeMetrics([], curve([1000, 1100]), 1000);
    expect(short.tailRatio).toBeNull();
    expect(short.nullReasons.tailRatio).toMatch(/needs at least 2 daily returns/);
    const flat = computeMetrics([], curve([1000, 1000, 1000, 1100]), 1000);
    expect(flat.tailRatio).toBeNull();
    expect(flat.nullReasons.tailRatio).toBe('the 5th percentile daily return is 0');
  });
});
