import { periodIndicator } from './descriptor.ts';
import { exactWarmup } from './warmup-bars.ts';
import { checkPeriod } from './warmup.ts';
import { wma } from './wma.ts';

/** HMA's inner and outer lengths, rounded down as TradingView's ta.hma does. */
function hmaLengths(period: number): { half: number; root: number } {
  return { half: Math.floor(period / 2), root: Math.floor(Math.sqrt(period)) };
}

/**
 * Hull moving average: WMA(2·WMA(period/2) − WMA(period), √period), lengths rounded down.
 * Defined from bar (period − 1) + (√period − 1) after the source starts.
 */
export function hma(src: Float64Array, period: number): Float64Array {
  checkPeriod('HMA', period);
  if (period < 2) throw new Error(`HMA period must be at least 2, got ${period}`);
  const { half, root } = hmaLengths(period);
  const raw = wma(src, half);
  const full = wma(src, period);
  for (let i = 0; i < raw.length; i++) raw[i] = 2 * raw[i] - full[i];
  return wma(raw, root, full);
}

export const HMA = periodIndicator({
  name: 'hma',
  description: 'Hull moving average: WMA(2·WMA(period/2) − WMA(period), √period), lengths rounded down.',
  period: { default: 20, description: 'Bars; the inner WMAs use period and period/2, the outer √period', min: 2 },
  kernel: hma,
  warmup: (period) => exactWarmup(period - 1 + hmaLengths(period).root - 1),
});
