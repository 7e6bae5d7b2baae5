/**
 * The README's RSI example (long when RSI < oversold while the close is above its EMA; exit when RSI >
 * overbought, or on an ATR stop) on a 12-bar fixture, against values computed by hand:
 *
 *   closes            10  12  14  16  18  20  19  18  17.5  19  19.5  20     (open = previous close)
 *   RSI(2), Wilder: seeded at bar 2 by the mean of the first two changes (gain 2, loss 0): 100 on bars 2–5;
 *     bar 6 (−1): gain (2+0)/2 = 1, loss (0+1)/2 = 0.5, RS 2 → 66.67
 *     bar 7 (−1): gain 0.5, loss 0.75, RS 0.667 → 40
 *     bar 8 (−0.5): gain 0.25, loss 0.625, RS 0.4 → 28.57  < 30
 *     bar 9 (+1.5): gain 0.875, loss 0.3125, RS 2.8 → 73.68 > 70
 *   EMA(5), α = 1/3, seeded at bar 4 by the SMA of bars 0–4 = 14: bar 5 16, bar 6 17, bar 7 17.333, bar 8 17.389
 *   → bar 8: RSI 28.57 < 30 and close 17.5 > EMA 17.389: LONG decided at its close, filled at bar 9's open 17.5;
 *   → bar 9: RSI 73.68 > 70: EXIT, filled at bar 10's open 19. The 3 × ATR(2) stop (≈ 15) is never touched.
 */
import { describe, expect, it } from 'vitest';
import { compileDocument, getStrategyModule, RSI_TREND_EXAMPLE, runBacktest } from '../../engine/index.ts';
import { bars, cfg, dataOf, HOUR, T0 } from '../engine/helpers.ts';

const closes = [10, 12, 14, 16, 18, 20, 19, 18, 17.5, 19, 19.5, 20];
const fixture = bars('RSIUSDT', closes.map((c, i) => {
  const o = i === 0 ? c : closes[i - 1];
  return [o, Math.max(o, c) + 0.1, Math.min(o, c) - 0.1, c] as const;
}));

describe('the RSI example by hand', () => {
  it('enters and exits exactly where the hand computation says', () => {
    const module = compileDocument(RSI_TREND_EXAMPLE, 'rsi-example');
    const lookup = (name: string) => (name === module.spec.name ? module : getStrategyModule(name));
    const params = { rsiPeriod: 2, trendPeriod: 5, oversold: 30, overbought: 70, atrMultiple: 3, atrPeriod: 2 };
    const result = runBacktest(dataOf(fixture), cfg({ legs: [{ strategy: module.spec.name, params, symbols: ['RSIUSDT'] }], feeRate: 0, slippageBps: 0 }), { strategies: lookup });
    expect(result.trades).toHaveLength(1);
    const [trade] = result.trades;
    expect(trade).toMatchObject({ direction: 'LONG', entryPrice: 17.5, exitPrice: 19, exitReason: 'SIGNAL' });
    expect(trade).toMatchObject({ entryBar: 9, exitBar: 10, entryTimeMs: T0 + 9 * HOUR, exitTimeMs: T0 + 10 * HOUR });
    expect(trade.signalIndicators.rsi).toBeCloseTo(28.571428571, 8);
    expect(trade.signalIndicators.trend).toBeCloseTo(17.388888889, 8);
    expect(trade.stopLoss!).toBeLessThan(16);
  });
});
