import { describe, expect, it } from 'vitest';
import { IndicatorCache, generateCandles, getStrategyModule, indicatorLines, listStrategies, resolveStrategyParams, runBacktest, Signal } from '../../engine/index.ts';
import { cfg, dataOf } from './helpers.ts';

const s = generateCandles({ bars: 6000, seed: 31, symbol: 'SYN' });

describe('confluence', () => {
  it('enters only at weighted agreement >= minConfidence, stop at atrMultiplier × ATR, target at riskReward × that', () => {
    const r = runBacktest(dataOf(s), cfg({ legs: [{ strategy: 'confluence', params: { minConfidence: 0.65, atrMultiplier: 2, riskReward: 1.5 }, symbols: ['SYN'] }] }));
    expect(r.trades.length).toBeGreaterThan(20);
    for (const t of r.trades) {
      const score = t.signalIndicators.score;
      expect(t.direction === 'LONG' ? score : -score).toBeGreaterThanOrEqual(0.65);
      expect(t.confidence).toBeCloseTo(Math.abs(score), 12);
      // weights 0.4 / 0.3 / 0.3 with halves: every score is a multiple of 0.05
      expect(Math.round(score * 20) / 20).toBeCloseTo(score, 12);
      const signalClose = t.stopLoss! + (t.direction === 'LONG' ? 1 : -1) * 2 * t.signalIndicators.atr;
      expect(Math.abs(t.takeProfit! - signalClose)).toBeCloseTo(1.5 * 2 * t.signalIndicators.atr, 6);
    }
  });

  it('scores each component as documented', () => {
    const module = getStrategyModule('confluence')!;
    const resolved = resolveStrategyParams('confluence', { minConfidence: 0.05 });
    if (!('params' in resolved)) throw new Error('params');
    const p = module.prepare({ series: s, params: resolved.params, cache: new IndicatorCache(), higherTimeframe: () => { throw new Error('unused'); } });
    const out = new Signal();
    let checked = 0;
    for (let i = p.warmup; i < s.length; i++) {
      out.reset();
      p.decide(i, out);
      const v = p.indicatorsAt(i);
      const sgn = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
      const trend = 0.5 * sgn(s.close[i] - v.emaSlow) + 0.5 * sgn(v.emaFast - v.emaSlow);
      const momentum = v.rsi > 50 && v.rsi < 70 ? 1 : v.rsi < 50 && v.rsi > 30 ? -1 : 0;
      const prev = p.indicatorsAt(i - 1);
      const macd = 0.5 * sgn(v.macd - v.macdSignal) + 0.5 * sgn(v.macdHistogram - prev.macdHistogram);
      const score = 0.4 * trend + 0.3 * momentum + 0.3 * macd;
      expect(v.score).toBeCloseTo(score, 12);
      if (Math.abs(score) >= 0.05 - 1e-12) {
        expect(out.direction).toBe(score > 0 ? 1 : -1);
        expect(out.confidence).toBeCloseTo(Math.abs(score), 12);
        checked++;
      } else expect(out.direction).toBe(0);
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('warm-up is derived from the indicators', () => {
  it.each([
    ['sma_cross', { fast: 5, slow: 40 }, 40], // SMA 40 has 39 NaNs, + 1 for the previous bar
    ['ema_cross', { fast: 5, slow: 40, atrStopMultiplier: 2, atrPeriod: 60 }, 61], // ATR 60 has 60 NaNs
    ['rsi_reversion', { rsiPeriod: 20 }, 21],
    ['macd_cross', {}, 26 + 8 - 1 + 1], // signal first at slow + signal − 2 = 33, + 1
    ['bollinger_breakout', { period: 30 }, 30],
  ] as const)('%s %j → %i', (name, params, warmup) => {
    const resolved = resolveStrategyParams(name, params);
    if (!('params' in resolved)) throw new Error(resolved.errors.join());
    const p = getStrategyModule(name)!.prepare({ series: s, params: resolved.params, cache: new IndicatorCache(), higherTimeframe: () => { throw new Error('unused'); } });
    expect(p.warmup).toBe(warmup);
  });
});

describe('multi-timeframe filter', () => {
  it('ema_cross with a 1h filter on 5m candles only trades with the closed 1h trend', () => {
    const r = runBacktest(dataOf(s), cfg({ legs: [{ strategy: 'ema_cross', params: { htfMinutes: 60, htfEmaPeriod: 10 }, symbols: ['SYN'] }] }));
    const plain = runBacktest(dataOf(s), cfg({ legs: [{ strategy: 'ema_cross', params: {}, symbols: ['SYN'] }] }));
    expect(r.trades.length).toBeGreaterThan(10);
    expect(r.trades.length).toBeLessThan(plain.trades.length);
    // The 1h EMA(10) is defined on the 10th hour, which closes with 5m bar 12 × 10 − 1 = 119 (the data starts on the hour).
    expect(r.warmupBars).toBe(119);
    for (const t of r.trades) expect(t.signalIndicators.htfMa).toBeTypeOf('number');
  });
});

describe('chart lines', () => {
  it("are the strategy's own indicator values, on the price scale or in their pane, NaN through the warm-up", () => {
    const cache = new IndicatorCache();
    const lines = indicatorLines(getStrategyModule('ema_cross')!, s, { fast: 8, slow: 21 }, cache);
    // The trend filter is off with these parameters, so its line is left out.
    expect(lines.map((l) => [l.name, l.pane])).toEqual([['fast', null], ['slow', null]]);
    expect(Array.from(lines[0].values)).toEqual(Array.from(cache.ema(s, 8)));
    expect(Array.from(lines[1].values)).toEqual(Array.from(cache.ema(s, 21)));
    const filtered = indicatorLines(getStrategyModule('ema_cross')!, s, { fast: 8, slow: 21, htfMinutes: 60 }, cache);
    expect(filtered.map((l) => l.name)).toEqual(['fast', 'slow', 'htfMa']);
  });

  it('name only outputs each strategy computes', () => {
    for (const { name } of listStrategies()) {
      const module = getStrategyModule(name)!;
      const declared = [...(module.chart.price ?? []), ...Object.values(module.chart.panes ?? {}).flat()];
      const drawn = indicatorLines(module, s, name === 'ema_cross' ? { htfMinutes: 60 } : {}).map((l) => l.name);
      expect(drawn, name).toEqual(declared);
      expect(drawn.length, name).toBeGreaterThan(0);
    }
  });
});
