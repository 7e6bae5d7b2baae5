import { LANGUAGE_VERSION, type StrategyDocument } from './document.ts';
import { all, arith, candle, cmp, constant, crossesAbove, crossesBelow, indicator, ref } from './nodes.ts';

/**
 * The README's three worked examples, as documents (tests run them; the builder offers them too).
 */

/** Long when RSI(14) < 30 while the close is above its EMA(200); exit when RSI > 70, or on a 3 × ATR(14) stop. */
export const RSI_TREND_EXAMPLE: StrategyDocument = {
  language: LANGUAGE_VERSION,
  name: 'RSI mean reversion with a trend filter',
  description: 'Long when RSI is oversold while the close is above its long EMA; exit when RSI is overbought, or on an ATR stop.',
  params: [
    { name: 'rsiPeriod', label: 'RSI period', unit: 'bars', type: 'int', default: 14, min: 2, max: 100, step: 1 },
    { name: 'oversold', label: 'Oversold below', unit: 'RSI', type: 'float', default: 30, min: 5, max: 50, step: 1 },
    { name: 'overbought', label: 'Overbought above', unit: 'RSI', type: 'float', default: 70, min: 50, max: 95, step: 1 },
    { name: 'trendPeriod', label: 'Trend EMA', unit: 'bars', type: 'int', default: 200, min: 2, max: 1000, step: 1 },
    { name: 'atrMultiple', label: 'ATR stop', unit: 'ATRs', type: 'float', default: 3, min: 0.5, max: 10, step: 0.5 },
    { name: 'atrPeriod', label: 'ATR period', unit: 'bars', type: 'int', default: 14, min: 1, max: 200, step: 1 },
  ],
  constraints: [{ increasing: ['oversold', 'overbought'] }],
  series: [
    { name: 'rsi', series: indicator('rsi', { period: 'rsiPeriod' }) },
    { name: 'trend', series: indicator('ema', { period: 'trendPeriod' }) },
  ],
  rules: {
    entryLong: all(cmp('lt', ref('rsi'), constant('oversold')), cmp('gt', candle('close'), ref('trend'))),
    exitLong: cmp('gt', ref('rsi'), constant('overbought')),
    stops: { stopLoss: [{ atr: { multiple: { param: 'atrMultiple' }, period: { param: 'atrPeriod' } } }] },
  },
};

const band = (output: string) => indicator('bollinger', { period: 'period', stdDev: 'width' }, { output });

/** Long when the close crosses above the upper Bollinger band, short below the lower; out at the middle band, or on a 2 × ATR stop. */
export const BOLLINGER_ATR_EXAMPLE: StrategyDocument = {
  language: LANGUAGE_VERSION,
  name: 'Bollinger breakout with an ATR stop',
  params: [
    { name: 'period', label: 'Band period', unit: 'bars', type: 'int', default: 20, min: 5, max: 200, step: 1 },
    { name: 'width', label: 'Band width', unit: 'σ', type: 'float', default: 2, min: 0.5, max: 4, step: 0.25 },
    { name: 'atrMultiple', label: 'ATR stop', unit: 'ATRs', type: 'float', default: 2, min: 0.5, max: 10, step: 0.5 },
  ],
  series: [
    { name: 'upper', series: band('upper') },
    { name: 'middle', series: band('middle') },
    { name: 'lower', series: band('lower') },
  ],
  rules: {
    entryLong: crossesAbove(candle('close'), ref('upper')),
    entryShort: crossesBelow(candle('close'), ref('lower')),
    exitLong: crossesBelow(candle('close'), ref('middle')),
    exitShort: crossesAbove(candle('close'), ref('middle')),
    stops: { stopLoss: [{ atr: { multiple: { param: 'atrMultiple' }, period: { value: 14 } } }], takeProfit: { riskReward: { value: 2 } } },
  },
};

const macdLine = (output: string) => indicator('macd', { fast: 12, slow: 26, signal: 9 }, { output });

/** MACD crossing its signal line, taken only on a bar whose volume is above 1.5 × its 20-bar average. */
export const MACD_VOLUME_EXAMPLE: StrategyDocument = {
  language: LANGUAGE_VERSION,
  name: 'MACD with a volume filter',
  params: [{ name: 'volumeFactor', label: 'Volume above', unit: '× average', type: 'float', default: 1.5, min: 0.5, max: 5, step: 0.1 }],
  series: [
    { name: 'macd', series: macdLine('macd') },
    { name: 'signal', series: macdLine('signal') },
    { name: 'busy', series: arith('mul', indicator('sma', { period: 20 }, { source: candle('volume') }), constant('volumeFactor')) },
  ],
  rules: {
    entryLong: all(crossesAbove(ref('macd'), ref('signal'), candle('close')), cmp('gt', candle('volume'), ref('busy'))),
    entryShort: all(crossesBelow(ref('macd'), ref('signal'), candle('close')), cmp('gt', candle('volume'), ref('busy'))),
  },
};

export const EXAMPLE_DOCUMENTS: readonly StrategyDocument[] = [RSI_TREND_EXAMPLE, BOLLINGER_ATR_EXAMPLE, MACD_VOLUME_EXAMPLE];
