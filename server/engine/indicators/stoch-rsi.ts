import { CLOSE_SOURCE, defineIndicator, periodParam } from './descriptor.ts';
import { rsi } from './rsi.ts';
import { STOCHASTIC_OUTPUTS, smoothingParams, stochastic, stochasticBars, type StochasticOutput } from './stochastic.ts';
import { chainWarmup, exactWarmup, recursiveWarmup } from './warmup-bars.ts';

/**
 * Stochastic RSI (technicalindicators' StochasticRSI, TradingView's Stoch RSI): the stochastic of
 * RSI(rsiPeriod) over `stochPeriod` bars, %K = SMA(smoothK) of it, %D = SMA(smoothD) of %K.
 * An RSI flat over the window gives 50 (technicalindicators: 0).
 */
export function stochRsi(src: Float64Array, rsiPeriod: number, stochPeriod: number, smoothK: number, smoothD: number): StochasticOutput {
  const r = rsi(src, rsiPeriod);
  return stochastic(r, r, r, stochPeriod, smoothK, smoothD);
}

export const STOCH_RSI = defineIndicator({
  name: 'stochRsi',
  description: 'Stochastic RSI %K and %D (0–100): the stochastic oscillator applied to RSI.',
  source: CLOSE_SOURCE,
  params: [periodParam('rsiPeriod', 14, 'RSI period'), periodParam('stochPeriod', 14, 'Bars of RSI highs and lows'), ...smoothingParams(3)],
  outputs: STOCHASTIC_OUTPUTS,
  warmup: (p) => chainWarmup(recursiveWarmup(p.rsiPeriod, 1 / p.rsiPeriod), exactWarmup(stochasticBars(p.stochPeriod, p.smoothK, p.smoothD))),
  compute: ({ source }, p) => stochRsi(source, p.rsiPeriod, p.stochPeriod, p.smoothK, p.smoothD),
});
