import { bandsAround, type BandOutput } from './bands.ts';
import { atr } from './atr.ts';
import { CLOSE_SOURCE, bandOutputs, defineIndicator, floatParam, periodParam } from './descriptor.ts';
import { ema } from './ema.ts';
import { recursiveWarmup, slowestWarmup } from './warmup-bars.ts';

/** Keltner channel (technicalindicators' KeltnerChannels with EMA): EMA(period) ± multiplier × ATR(atrPeriod). */
export function keltner(src: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, period: number, atrPeriod: number, multiplier: number): BandOutput {
  return bandsAround(ema(src, period), atr(high, low, close, atrPeriod), multiplier);
}

export const KELTNER = defineIndicator({
  name: 'keltner',
  description: 'Keltner channel: EMA(period) ± multiplier × ATR(atrPeriod).',
  source: CLOSE_SOURCE,
  candles: ['high', 'low', 'close'],
  params: [
    periodParam('period', 20, 'EMA period of the middle line'),
    periodParam('atrPeriod', 10, 'ATR period of the band width'),
    floatParam('multiplier', 2, [0, 10, 0.1], 'Band width in ATRs'),
  ],
  outputs: bandOutputs('EMA(period)', 'multiplier × ATR'),
  warmup: (p) => slowestWarmup(recursiveWarmup(p.period - 1, 2 / (p.period + 1)), recursiveWarmup(p.atrPeriod, 1 / p.atrPeriod)),
  compute: ({ candles, source }, p) => keltner(source, candles.high, candles.low, candles.close, p.period, p.atrPeriod, p.multiplier),
});
