/**
 * The indicator catalogue: every indicator the engine computes, each described once by its descriptor
 * (descriptor.ts) beside its typed-array kernel. The strategy language, the API and the README's table
 * read this list.
 */
import type { OhlcvColumns } from '../candles.ts';
import { ADX } from './adx.ts';
import { ATR } from './atr.ts';
import { BOLLINGER } from './bollinger.ts';
import { CCI } from './cci.ts';
import { NO_SOURCE, candleField, fieldInputs } from './candle-fields.ts';
import { resolveIndicatorParams, type IndicatorDescriptor, type IndicatorOutputs } from './descriptor.ts';
import { DONCHIAN } from './donchian.ts';
import { EMA } from './ema.ts';
import { HIGHEST, LOWEST } from './extremes.ts';
import { HMA } from './hma.ts';
import { ICHIMOKU } from './ichimoku.ts';
import { KELTNER } from './keltner.ts';
import { MACD } from './macd.ts';
import { MFI } from './mfi.ts';
import { OBV } from './obv.ts';
import { PSAR } from './psar.ts';
import { ROC } from './roc.ts';
import { RSI } from './rsi.ts';
import { SMA } from './sma.ts';
import { STDEV, ZSCORE } from './stdev.ts';
import { STOCH_RSI } from './stoch-rsi.ts';
import { STOCHASTIC } from './stochastic.ts';
import { SUM } from './sum.ts';
import { SUPERTREND } from './supertrend.ts';
import { VWAP } from './vwap.ts';
import { WILLIAMS_R } from './williams-r.ts';
import { WMA } from './wma.ts';

export const INDICATORS: readonly IndicatorDescriptor[] = [
  SMA, EMA, WMA, HMA, RSI, MACD, ATR, BOLLINGER, STOCHASTIC, STOCH_RSI, ADX, CCI, MFI, OBV, VWAP, ROC,
  WILLIAMS_R, DONCHIAN, KELTNER, SUPERTREND, PSAR, ICHIMOKU, HIGHEST, LOWEST, SUM, STDEV, ZSCORE,
];

const BY_NAME = new Map(INDICATORS.map((d) => [d.name, d]));

export function getIndicator(name: string): IndicatorDescriptor | undefined {
  return BY_NAME.get(name);
}

/** The descriptor of `name`, or an error naming the known ones. */
export function indicatorNamed(name: string): IndicatorDescriptor {
  const descriptor = BY_NAME.get(name);
  if (descriptor === undefined) throw new Error(`unknown indicator "${name}"; known: ${INDICATORS.map((d) => d.name).join(', ')}`);
  return descriptor;
}

/** Computes one indicator, uncached, with defaults filled in for missing parameters; `source` defaults as the descriptor says. */
export function computeIndicator(candles: OhlcvColumns, name: string, params: Readonly<Record<string, number>> = {}, source?: Float64Array): IndicatorOutputs {
  const descriptor = indicatorNamed(name);
  const resolved = resolveIndicatorParams(descriptor, params);
  if (source !== undefined || descriptor.source === null) return descriptor.compute({ candles, source: source ?? NO_SOURCE }, resolved);
  const field = descriptor.source.default;
  return descriptor.compute(fieldInputs(candles, field, () => candleField(candles, field)), resolved);
}
