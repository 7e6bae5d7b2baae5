/**
 * Each built-in, written as a document and compiled, trades exactly as the built-in: same entries, exits,
 * prices, quantities, stops, reasons and confidences, on the sample year (both synthetic markets, 5m) with
 * the defaults and with stops switched on. The same check on real Binance markets is a script run by hand
 * (server/scripts/check-builtin-documents.ts), since tests may not read the shared data.
 */
import { describe, expect, it } from 'vitest';
import { candleSeries, getStrategyModule, type CandleSeries, type StrategyParams } from '../../engine/index.ts';
import { BUILTIN_DOCUMENTS } from '../../engine/language/builtins.ts';
import { compileDocument } from '../../engine/language/compile.ts';
import { validateStrategyDocument } from '../../engine/language/validate.ts';
import { SAMPLE_FROM_MS, SAMPLE_SYMBOLS } from '../../market-data/sample-data.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';
import { dataOf } from '../engine/helpers.ts';
import { compareBuiltinAndDocument } from '../../harness/builtin-equality.ts';

const BARS = 365 * 288;
const markets: CandleSeries[] = SAMPLE_SYMBOLS.map((s) =>
  candleSeries(s.symbol, 300_000, generateSyntheticCandles({ symbol: s.symbol, interval: '5m', startMs: SAMPLE_FROM_MS, count: BARS, seed: s.seed, startPrice: s.startPrice })),
);

const VARIANTS: Record<string, readonly StrategyParams[]> = {
  confluence: [{}, { minConfidence: 0.5, atrMultiplier: 3 }],
  sma_cross: [{}, { stopLossPct: 2, riskReward: 2 }],
  ema_cross: [{}, { atrStopMultiplier: 2, riskReward: 3 }, { htfMinutes: 60, htfEmaPeriod: 20 }],
  rsi_reversion: [{}, { stopLossPct: 3 }],
  bollinger_breakout: [{}, { exitAtMiddle: false, atrStopMultiplier: 1.5, riskReward: 2 }],
  macd_cross: [{}, { stopLossPct: 1.5, riskReward: 1.5 }],
};

describe('built-ins as documents', () => {
  it('every built-in has a valid document', () => {
    for (const [name, document] of BUILTIN_DOCUMENTS) {
      const result = validateStrategyDocument(JSON.parse(JSON.stringify(document)));
      expect(result.ok ? [] : 'problems' in result ? result.problems : result.limit, name).toEqual([]);
    }
    expect([...BUILTIN_DOCUMENTS.keys()].sort()).toEqual(['bollinger_breakout', 'confluence', 'ema_cross', 'macd_cross', 'rsi_reversion', 'sma_cross']);
  });

  for (const [name, variants] of Object.entries(VARIANTS)) {
    it.each(variants.map((params) => [JSON.stringify(params), params] as const))(`${name} %s: identical trades on the sample year`, (_label, params) => {
      for (const market of markets) {
        const { builtin, document } = compareBuiltinAndDocument(dataOf(market), market.symbol, name, params);
        expect(builtin.length, `${name} trades on ${market.symbol}`).toBeGreaterThan(5);
        expect(document).toEqual(builtin);
      }
    });
  }

  it('the compiled document declares the built-in parameters and history', () => {
    for (const [name, document] of BUILTIN_DOCUMENTS) {
      const module = compileDocument(document, `doc:${name}`);
      const builtin = getStrategyModule(name)!;
      expect(module.spec.params).toEqual(builtin.spec.params);
      const defaults = Object.fromEntries(builtin.spec.params.map((p) => [p.name, p.default]));
      expect(module.historyBars(defaults, 300_000)).toBeGreaterThan(0);
    }
  });
});

