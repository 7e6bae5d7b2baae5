import { periodIndicator } from './descriptor.ts';
import { sma } from './sma.ts';
import { exactWarmup } from './warmup-bars.ts';

/** Lambert's constant: about 70–80 % of CCI values fall within ±100. */
const CCI_SCALE = 0.015;

/**
 * Commodity channel index (TA-Lib CCI on the typical price by default): (x − SMA)/(0.015 × mean absolute
 * deviation from that SMA) over `period` bars, the deviation summed per bar (O(period)). A window without
 * deviation gives 0 (x then equals its mean; technicalindicators divides 0 by 0).
 */
export function cci(src: Float64Array, period: number): Float64Array {
  const res = sma(src, period);
  for (let i = 0; i < res.length; i++) {
    const m = res[i];
    if (m !== m) continue;
    let deviation = 0;
    for (let j = i - period + 1; j <= i; j++) deviation += Math.abs(src[j] - m);
    res[i] = deviation > 0 ? (src[i] - m) / ((CCI_SCALE * deviation) / period) : 0;
  }
  return res;
}

export const CCI = periodIndicator({
  name: 'cci',
  description: 'Commodity channel index: distance from the rolling mean in units of 0.015 × the mean absolute deviation.',
  period: { default: 20, description: 'Bars in the window' },
  source: 'hlc3',
  kernel: cci,
  warmup: (period) => exactWarmup(period - 1),
});
