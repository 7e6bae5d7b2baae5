/**
 * The rest of the indicator catalogue, computed by technicalindicators (slow but complete) and aligned to
 * candle indices: output[j] of the library lands on bar n − len + j, earlier bars are NaN.
 * The hot set (SMA, EMA, RSI, MACD, ATR, Bollinger) has its own typed-array kernels in this folder.
 */
import * as ti from 'technicalindicators';
import type { CandleSeries } from '../contract.ts';

function alignEnd(n: number, values: ArrayLike<number | undefined>): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const offset = n - values.length;
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    out[offset + j] = typeof v === 'number' ? v : NaN;
  }
  return out;
}

function alignFields<T extends object>(n: number, rows: readonly T[], fields: readonly (keyof T & string)[]): Record<string, Float64Array> {
  const result: Record<string, Float64Array> = {};
  for (const f of fields) result[f] = alignEnd(n, rows.map((r) => r[f] as unknown as number | undefined));
  return result;
}

const cols = (s: CandleSeries) => ({
  open: Array.from(s.open),
  high: Array.from(s.high),
  low: Array.from(s.low),
  close: Array.from(s.close),
  volume: Array.from(s.volume),
});

export interface CatalogueEntry {
  readonly description: string;
  /** Parameter names with defaults. */
  readonly params: Readonly<Record<string, number>>;
  compute(series: CandleSeries, params: Readonly<Record<string, number>>): Record<string, Float64Array>;
}

export const CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  wma: {
    description: 'Weighted moving average of close',
    params: { period: 20 },
    compute: (s, p) => ({ value: alignEnd(s.length, ti.WMA.calculate({ period: p.period, values: Array.from(s.close) })) }),
  },
  stochastic: {
    description: 'Stochastic oscillator %K and %D',
    params: { period: 14, signalPeriod: 3 },
    compute: (s, p) => {
      const c = cols(s);
      const rows = ti.Stochastic.calculate({ high: c.high, low: c.low, close: c.close, period: p.period, signalPeriod: p.signalPeriod });
      return alignFields(s.length, rows, ['k', 'd']);
    },
  },
  adx: {
    description: 'Average directional index with +DI / −DI',
    params: { period: 14 },
    compute: (s, p) => {
      const c = cols(s);
      const rows = ti.ADX.calculate({ high: c.high, low: c.low, close: c.close, period: p.period });
      return alignFields(s.length, rows, ['adx', 'pdi', 'mdi']);
    },
  },
  cci: {
    description: 'Commodity channel index',
    params: { period: 20 },
    compute: (s, p) => {
      const c = cols(s);
      return { value: alignEnd(s.length, ti.CCI.calculate({ high: c.high, low: c.low, close: c.close, period: p.period })) };
    },
  },
  obv: {
    description: 'On-balance volume',
    params: {},
    compute: (s) => ({ value: alignEnd(s.length, ti.OBV.calculate({ close: Array.from(s.close), volume: Array.from(s.volume) })) }),
  },
  vwap: {
    description: 'Volume-weighted average price, cumulative from the first bar',
    params: {},
    compute: (s) => {
      const c = cols(s);
      return { value: alignEnd(s.length, ti.VWAP.calculate({ high: c.high, low: c.low, close: c.close, volume: c.volume })) };
    },
  },
  williamsR: {
    description: 'Williams %R',
    params: { period: 14 },
    compute: (s, p) => {
      const c = cols(s);
      return { value: alignEnd(s.length, ti.WilliamsR.calculate({ high: c.high, low: c.low, close: c.close, period: p.period })) };
    },
  },
  mfi: {
    description: 'Money flow index',
    params: { period: 14 },
    compute: (s, p) => {
      const c = cols(s);
      return { value: alignEnd(s.length, ti.MFI.calculate({ high: c.high, low: c.low, close: c.close, volume: c.volume, period: p.period })) };
    },
  },
  ichimoku: {
    description: 'Ichimoku cloud (conversion, base, span A, span B), not displaced forward',
    params: { conversionPeriod: 9, basePeriod: 26, spanPeriod: 52, displacement: 26 },
    compute: (s, p) => {
      const c = cols(s);
      const rows = ti.IchimokuCloud.calculate({
        high: c.high,
        low: c.low,
        conversionPeriod: p.conversionPeriod,
        basePeriod: p.basePeriod,
        spanPeriod: p.spanPeriod,
        displacement: p.displacement,
      });
      return alignFields(s.length, rows, ['conversion', 'base', 'spanA', 'spanB']);
    },
  },
};

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

/** Computes a catalogue indicator with defaults filled in for missing parameters. */
export function catalogueIndicator(series: CandleSeries, name: string, params: Readonly<Record<string, number>> = {}): Record<string, Float64Array> {
  const entry = CATALOGUE[name];
  if (entry === undefined) throw new Error(`unknown indicator "${name}"; known: ${Object.keys(CATALOGUE).join(', ')}`);
  for (const key of Object.keys(params)) {
    if (!(key in entry.params)) throw new Error(`indicator ${name} has no parameter "${key}"`);
  }
  return entry.compute(series, { ...entry.params, ...params });
}
