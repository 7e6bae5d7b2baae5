import { bandsAround, type BandOutput } from './bands.ts';
import { CLOSE_SOURCE, bandOutputs, defineIndicator, floatParam, periodParam } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { sma } from './sma.ts';
import { rollingStdev } from './stdev.ts';

/**
 * Bollinger Bands (TA-Lib BBANDS with SMA): middle = SMA(period), upper/lower = middle ± k × σ where σ is
 * the population standard deviation of the window (rollingStdev: around the exact mean, so a flat window
 * has σ = 0 and all three bands equal the price).
 */
export function bollinger(src: Float64Array, period: number, stdDev: number): BandOutput {
  const middle = sma(src, period);
  return bandsAround(middle, rollingStdev(src, period, middle), stdDev);
}

export const BOLLINGER = defineIndicator({
  name: 'bollinger',
  description: 'Bollinger Bands: SMA(period) ± stdDev × the population standard deviation of the window.',
  source: CLOSE_SOURCE,
  params: [
    periodParam('period', 20, 'Bars in the window'),
    floatParam('stdDev', 2, [0, 10, 0.1], 'Band width in standard deviations'),
  ],
  outputs: bandOutputs('SMA(period)', 'stdDev × σ'),
  warmup: (p) => exactWarmup(p.period - 1),
  compute: ({ source }, p) => bollinger(source, p.period, p.stdDev),
});
