import { emaHistoryBars, macdHistoryBars, wilderHistoryBars } from '../indicators/history.ts';
import { warmupOf } from '../indicators/warmup.ts';
import { increasing } from './constraints.ts';
import { LONG, SHORT, defineStrategy, num } from './types.ts';

/**
 * A trend + momentum + MACD confluence signal. On each closed bar three pieces of evidence vote in [−1, 1]:
 *   trend    (weight 0.4) = ½·sgn(close − emaSlow) + ½·sgn(emaFast − emaSlow)
 *   momentum (weight 0.3) = +1 when 50 < RSI < 70, −1 when 30 < RSI < 50, else 0
 *                           (RSI leaning with the move counts; overbought/oversold does not)
 *   macd     (weight 0.3) = ½·sgn(macd − signal) + ½·sgn(histogram − previous histogram)
 *   score = 0.4·trend + 0.3·momentum + 0.3·macd, in [−1, 1]; confidence = |score|.
 * LONG when score >= minConfidence, SHORT when −score >= minConfidence (score 0 never enters).
 * Stop at atrMultiplier × ATR from the signal close, target at riskReward × that distance.
 * The score is computed in integer hundredths (20·t₂ + 30·m + 15·c₂ with t₂, c₂ counted in halves), so
 * thresholds such as 0.7 compare exactly.
 */
export const confluence = defineStrategy({
  name: 'confluence',
  description:
    'Weighted agreement of trend (EMA fast/slow and close vs slow EMA), momentum (RSI) and MACD; enters when the agreement reaches minConfidence, with an ATR stop and a risk/reward target.',
  params: [
    { name: 'rsiPeriod', label: 'RSI period', unit: 'bars', type: 'int', default: 14, min: 2, max: 100, step: 1, description: 'RSI period (Wilder)' },
    { name: 'emaFast', label: 'Fast EMA', unit: 'bars', type: 'int', default: 10, min: 2, max: 500, step: 1, description: 'Fast EMA period' },
    { name: 'emaSlow', label: 'Slow EMA', unit: 'bars', type: 'int', default: 50, min: 3, max: 1000, step: 1, description: 'Slow EMA period' },
    { name: 'macdFast', label: 'MACD fast EMA', unit: 'bars', type: 'int', default: 12, min: 2, max: 200, step: 1, description: 'MACD fast EMA period' },
    { name: 'macdSlow', label: 'MACD slow EMA', unit: 'bars', type: 'int', default: 26, min: 3, max: 400, step: 1, description: 'MACD slow EMA period' },
    { name: 'macdSignal', label: 'MACD signal EMA', unit: 'bars', type: 'int', default: 9, min: 1, max: 200, step: 1, description: 'MACD signal EMA period' },
    { name: 'atrPeriod', label: 'ATR period', unit: 'bars', type: 'int', default: 14, min: 1, max: 200, step: 1, description: 'ATR period (Wilder) for the stop distance' },
    { name: 'atrMultiplier', label: 'Stop distance', unit: 'ATRs', type: 'float', default: 1.5, min: 0.1, max: 20, step: 0.1, description: 'Stop-loss distance in ATRs' },
    { name: 'minConfidence', label: 'Minimum agreement', unit: '0–1', type: 'float', default: 0.7, min: 0.05, max: 1, step: 0.05, description: 'Minimum weighted agreement to enter' },
    { name: 'riskReward', label: 'Take-profit', unit: '× stop distance', type: 'float', default: 2, min: 0.1, max: 20, step: 0.1, description: 'Take-profit distance as a multiple of the stop distance' },
  ],
  constraints: [increasing('emaFast', 'emaSlow'), increasing('macdFast', 'macdSlow')],
  chart: { price: ['emaFast', 'emaSlow'], panes: { RSI: ['rsi'], MACD: ['macd', 'macdSignal', 'macdHistogram'] } },
  historyBars(params) {
    const macd = macdHistoryBars(num(params, 'macdFast'), num(params, 'macdSlow'), num(params, 'macdSignal'));
    // The histogram slope reads bar i − 1, hence + 1.
    return Math.max(emaHistoryBars(num(params, 'emaFast')), emaHistoryBars(num(params, 'emaSlow')), wilderHistoryBars(num(params, 'rsiPeriod')), wilderHistoryBars(num(params, 'atrPeriod')), macd + 1);
  },
  prepare(ctx) {
    const { series, params, cache } = ctx;
    const close = series.close;
    const emaFast = cache.ema(series, num(params, 'emaFast'));
    const emaSlow = cache.ema(series, num(params, 'emaSlow'));
    const rsi = cache.rsi(series, num(params, 'rsiPeriod'));
    const m = cache.macd(series, num(params, 'macdFast'), num(params, 'macdSlow'), num(params, 'macdSignal'));
    const atr = cache.atr(series, num(params, 'atrPeriod'));
    const macdLine = m.macd, macdSignal = m.signal, hist = m.histogram;
    const atrMult = num(params, 'atrMultiplier');
    const rr = num(params, 'riskReward');
    // Integer hundredths; the epsilon absorbs minConfidence values such as 0.7 not being exact in binary.
    const threshold = num(params, 'minConfidence') * 100 - 1e-9;
    const scoreAt = (i: number): number => {
      const c = close[i], fast = emaFast[i], slow = emaSlow[i], r = rsi[i];
      const t2 = (c > slow ? 1 : c < slow ? -1 : 0) + (fast > slow ? 1 : fast < slow ? -1 : 0);
      const mo = r > 50 && r < 70 ? 1 : r < 50 && r > 30 ? -1 : 0;
      const h = hist[i], hp = hist[i - 1];
      const c2 = (macdLine[i] > macdSignal[i] ? 1 : macdLine[i] < macdSignal[i] ? -1 : 0) + (h > hp ? 1 : h < hp ? -1 : 0);
      return 20 * t2 + 30 * mo + 15 * c2;
    };
    return {
      // The histogram slope reads bar i−1, hence + 1.
      warmup: warmupOf(emaFast, emaSlow, rsi, hist, atr) + 1,
      decide(i, out) {
        const score = scoreAt(i);
        let direction: number;
        if (score > 0 && score >= threshold) direction = LONG;
        else if (score < 0 && -score >= threshold) direction = SHORT;
        else return;
        const distance = atrMult * atr[i];
        out.direction = direction;
        out.confidence = (direction * score) / 100;
        if (distance > 0) {
          out.stopLoss = close[i] - direction * distance;
          out.takeProfit = close[i] + direction * rr * distance;
        }
      },
      indicatorsAt(i) {
        return {
          rsi: rsi[i],
          emaFast: emaFast[i],
          emaSlow: emaSlow[i],
          macd: macdLine[i],
          macdSignal: macdSignal[i],
          macdHistogram: hist[i],
          atr: atr[i],
          score: scoreAt(i) / 100,
        };
      },
    };
  },
});
