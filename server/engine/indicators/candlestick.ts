import * as ti from 'technicalindicators';
import type { CandleSeries } from '../contract.ts';

type PatternFn = (data: { open: number[]; high: number[]; low: number[]; close: number[] }) => boolean;

/** technicalindicators candlestick patterns; each looks at the last few candles of the window it gets. */
export const CANDLESTICK_PATTERNS: Readonly<Record<string, PatternFn>> = {
  bullish: ti.bullish,
  bearish: ti.bearish,
  bullishEngulfing: ti.bullishengulfingpattern,
  bearishEngulfing: ti.bearishengulfingpattern,
  bullishHarami: ti.bullishharami,
  bearishHarami: ti.bearishharami,
  morningStar: ti.morningstar,
  eveningStar: ti.eveningstar,
  doji: ti.doji,
  hammer: ti.hammerpattern,
  shootingStar: ti.shootingstar,
  threeWhiteSoldiers: ti.threewhitesoldiers,
  threeBlackCrows: ti.threeblackcrows,
  piercingLine: ti.piercingline,
  darkCloudCover: ti.darkcloudcover,
};

/** 1 on each bar where the pattern completes on that bar (looking only at that bar and the 4 before it). */
export function candlestickPattern(series: CandleSeries, pattern: string): Uint8Array {
  const fn = CANDLESTICK_PATTERNS[pattern];
  if (fn === undefined) throw new Error(`unknown candlestick pattern "${pattern}"; known: ${Object.keys(CANDLESTICK_PATTERNS).join(', ')}`);
  const window = 5;
  const out = new Uint8Array(series.length);
  for (let i = window - 1; i < series.length; i++) {
    const from = i - window + 1;
    const data = {
      open: Array.from(series.open.subarray(from, i + 1)),
      high: Array.from(series.high.subarray(from, i + 1)),
      low: Array.from(series.low.subarray(from, i + 1)),
      close: Array.from(series.close.subarray(from, i + 1)),
    };
    out[i] = fn(data) ? 1 : 0;
  }
  return out;
}
