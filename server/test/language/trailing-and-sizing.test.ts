/**
 * A document's trailing stop and sizing, on a 7-bar fixture against values computed by hand. The document
 * goes long when the close crosses above 100 and has no exit rule, so only its stops close the position.
 *
 *   bar   open  high  low   close
 *    0     95    96    94    95
 *    1     95    99    94    98
 *    2     98   103    97   102    close crosses above 100: LONG decided at its close
 *    3    102   110   101   108    filled at this open, 102; the best price becomes 110
 *    4    109   120   107   118    the best price becomes 120
 *    5    118   119   105   106
 *    6    106   107   105   106
 *
 * Percent trailing (10 %), sized at 50 % of equity, in a run whose own trailing stop is 1 % and whose own
 * sizing is 100 quote (the document's replace both):
 *   quantity 50 % × 1000 / 102 = 4.901960784…; trail bar 3: 102 × 0.9 = 91.8 (low 101: held); bar 4:
 *   110 × 0.9 = 99 (low 107: held); bar 5: 120 × 0.9 = 108, low 105 reaches it: TRAILING_STOP at 108.
 *   (The run's 1 % would have closed it on bar 4 at 110 × 0.99 = 108.9, below that bar's open 109.)
 *
 * ATR trailing (1.5 × ATR(1) on the signal bar), a 5 % stop, sized to risk 1 % of equity:
 *   ATR(1) on bar 2 = its true range max(103 − 97, |103 − 98|, |97 − 98|) = 6, so the trail sits 9 below the
 *   best price; the stop is 102 − 5 % × 102 = 96.9; quantity 1 % × 1000 / (102 − 96.9) = 1.960784…
 *   bar 3: trail 102 − 9 = 93 is below the stop 96.9, which holds (low 101); bar 4: trail 110 − 9 = 101
 *   (low 107: held); bar 5: trail 120 − 9 = 111, the open 118 is above it and the low 105 reaches it:
 *   TRAILING_STOP at 111.
 */
import { describe, expect, it } from 'vitest';
import { compileDocument, evaluateMetrics, generateCandles, getStrategyModule, RSI_TREND_EXAMPLE, runBacktest, type StrategyDocument, type Stops, type SizingNode } from '../../engine/index.ts';
import { bars, cfg, dataOf, HOUR } from '../engine/helpers.ts';

const fixture = bars('TRAILUSDT', [
  [95, 96, 94, 95],
  [95, 99, 94, 98],
  [98, 103, 97, 102],
  [102, 110, 101, 108],
  [109, 120, 107, 118],
  [118, 119, 105, 106],
  [106, 107, 105, 106],
]);

function documentWith(stops: Stops, sizing: SizingNode): StrategyDocument {
  return {
    language: 1,
    name: 'Breakout above 100',
    rules: { entryLong: { crossesAbove: { left: { candle: 'close' }, right: { constant: { value: 100 } } } }, stops, sizing },
  };
}

function run(document: StrategyDocument, settings: { trailingStopPct?: number } = {}) {
  const module = compileDocument(document, 'trailing-example');
  const lookup = (name: string) => (name === module.spec.name ? module : getStrategyModule(name));
  const config = cfg({ legs: [{ strategy: module.spec.name, params: {}, symbols: ['TRAILUSDT'] }], feeRate: 0, slippageBps: 0, ...settings });
  return runBacktest(dataOf(fixture), config, { strategies: lookup });
}

describe('a document’s trailing stop and sizing, by hand', () => {
  it('a 10 % trailing stop and 50 % of equity replace the run’s 1 % trailing stop and 100 quote', () => {
    const result = run(documentWith({ trailing: { percent: { value: 10 } } }, { percentEquity: { value: 50 } }), { trailingStopPct: 1 });
    expect(result.trades).toHaveLength(1);
    const [trade] = result.trades;
    expect(trade).toMatchObject({ direction: 'LONG', entryBar: 3, entryPrice: 102, exitBar: 5, exitPrice: 108, exitReason: 'TRAILING_STOP' });
    expect(trade.quantity).toBeCloseTo(500 / 102, 12);
    expect(trade.profitLoss).toBeCloseTo((500 / 102) * 6, 9);
  });

  it('without its own trailing stop and sizing the run’s apply', () => {
    const result = run(documentWith({}, { percentEquity: { value: 0 } }), { trailingStopPct: 1 });
    const [trade] = result.trades;
    expect(trade).toMatchObject({ entryPrice: 102, exitBar: 4, exitReason: 'TRAILING_STOP' });
    expect(trade.exitPrice).toBeCloseTo(110 * 0.99, 12);
    expect(trade.quantity).toBeCloseTo(100 / 102, 12);
  });

  it('a 1.5 × ATR trailing stop fixed on the signal bar, sized to risk 1 % to a 5 % stop', () => {
    const stops: Stops = { stopLoss: [{ percent: { value: 5 } }], trailing: { atr: { multiple: { value: 1.5 }, period: { value: 1 } } } };
    const result = run(documentWith(stops, { riskPercent: { value: 1 } }));
    expect(result.trades).toHaveLength(1);
    const [trade] = result.trades;
    expect(trade).toMatchObject({ direction: 'LONG', entryBar: 3, entryPrice: 102, exitBar: 5, exitPrice: 111, exitReason: 'TRAILING_STOP' });
    expect(trade.stopLoss).toBeCloseTo(96.9, 12);
    expect(trade.quantity).toBeCloseTo(10 / (102 - 96.9), 9);
  });
});

describe('a document’s trailing stop and sizing on longer runs', () => {
  const market = generateCandles({ bars: 2_000, seed: 23, symbol: 'GENUSDT', intervalMs: HOUR, startPrice: 100, regimeBars: 150 });
  const other = generateCandles({ bars: 2_000, seed: 24, symbol: 'OTHERUSDT', intervalMs: HOUR, startPrice: 50, regimeBars: 150 });
  const document: StrategyDocument = {
    ...RSI_TREND_EXAMPLE,
    rules: { ...RSI_TREND_EXAMPLE.rules, stops: { ...RSI_TREND_EXAMPLE.rules.stops, trailing: { atr: { multiple: { value: 2 }, period: { value: 14 } } } }, sizing: { riskPercent: { value: 2 } } },
  };
  const module = compileDocument(document, 'trailing-run');
  const lookup = (name: string) => (name === module.spec.name ? module : getStrategyModule(name));
  const params = { trendPeriod: 50, oversold: 40, overbought: 60 };

  it('the lean sweep path gives the full run’s metrics', () => {
    const config = cfg({ legs: [{ strategy: module.spec.name, params, symbols: ['GENUSDT'] }] });
    const full = runBacktest(dataOf(market), config, { strategies: lookup });
    expect(full.trades.filter((t) => t.exitReason === 'TRAILING_STOP').length).toBeGreaterThan(0);
    expect(evaluateMetrics(dataOf(market), config, { strategies: lookup }).metrics).toEqual(full.metrics);
  });

  it('sizes only its own leg: another leg keeps the run’s sizing', () => {
    const config = cfg({
      legs: [
        { strategy: module.spec.name, params, symbols: ['GENUSDT'] },
        { strategy: 'sma_cross', params: { fast: 5, slow: 20 }, symbols: ['OTHERUSDT'] },
      ],
      sizing: { mode: 'FIXED_QUOTE', value: 50 },
      maxOpenPositions: 2,
    });
    const { trades } = runBacktest(dataOf(market, other), config, { strategies: lookup });
    const documentTrades = trades.filter((t) => t.legIndex === 0), builtinTrades = trades.filter((t) => t.legIndex === 1);
    expect(documentTrades.length).toBeGreaterThan(0);
    expect(builtinTrades.length).toBeGreaterThan(0);
    // The built-in buys 50 quote a trade. The document risks 2 % of equity (about 20 of the 1,000 capital) to its
    // stop; 50 quote of notional would risk a few percent of 50, about 1.5.
    for (const t of builtinTrades) expect(t.quantity * t.entryPrice).toBeCloseTo(50, 6);
    for (const t of documentTrades) expect(t.quantity * Math.abs(t.entryPrice - t.stopLoss!)).toBeGreaterThan(10);
  });
});
