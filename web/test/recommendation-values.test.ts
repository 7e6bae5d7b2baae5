import { describe, expect, it } from 'vitest';
import { describeChange, valueRows } from '../src/lib/recommendation-values.ts';
import { readValidation } from '../src/features/recommendations/validation.ts';

/** `{ fast: 12 }` as the API's typed list. */
const typed = (record: Record<string, number | boolean | string>) =>
  Object.entries(record).map(([name, value]) => ({ name, number: typeof value === 'number' ? value : null, boolean: typeof value === 'boolean' ? value : null, text: typeof value === 'string' ? value : null }));
const base = { baseParams: typed({ fast: 12, slow: 26, stopLossPct: 0 }), symbols: ['SYNTH-ETHUSDT'], timeframe: '1h' };
const values = (over: { symbol?: string; params?: Record<string, number>; settings?: Record<string, number> }) => ({
  symbol: over.symbol ?? null,
  timeframe: null,
  params: over.params ? typed(over.params) : null,
  settings: over.settings ? typed(over.settings) : null,
});

describe('reading a recommendation', () => {
  it('lists both sides value by value, and says the change in one line', () => {
    const params = { ...base, type: 'PARAMETERS' as const, current: values({ params: { fast: 12, slow: 26 } }), recommended: values({ params: { fast: 16, slow: 26 } }) };
    expect(valueRows(params)).toEqual([
      { name: 'fast', current: '12', recommended: '16', changed: true },
      { name: 'slow', current: '26', recommended: '26', changed: false },
    ]);
    expect(describeChange(params)).toBe('fast 12 → 16');
    // RISK changes settings too; a side that leaves a parameter out keeps the base value.
    const risk = { ...base, type: 'RISK' as const, current: values({ params: {}, settings: { positionSize: 1000 } }), recommended: values({ params: { stopLossPct: 2 }, settings: { positionSize: 2000 } }) };
    expect(describeChange(risk)).toBe('stopLossPct 0 → 2, position size 1000 → 2000');
    // SYMBOL moves to another market with that market's own parameters: the market is the change.
    const symbol = { ...base, type: 'SYMBOL' as const, current: values({ symbol: 'SYNTH-ETHUSDT' }), recommended: values({ symbol: 'SYNTH-BTCUSDT', params: { fast: 16, slow: 60, stopLossPct: 0 } }) };
    expect(describeChange(symbol)).toBe('SYNTH-ETHUSDT → SYNTH-BTCUSDT');
    expect(valueRows(symbol).filter((r) => r.changed).map((r) => r.name)).toEqual(['symbol', 'fast', 'slow']);
  });

  it('reads the validation JSON defensively (unknown or missing fields read as absent)', () => {
    const v = readValidation({
      method: 'HOLDOUT', fromMs: 1, toMs: 2, onEdgeOf: ['fast'],
      test: { statistic: 'MEAN_DAILY_RETURN', pValue: 0.01, adjustedPValue: 0.02, alpha: 0.05, candidatesTested: 2, days: 91 },
      perYear: [{ year: 2025, current: 1.5, recommended: 'x' }],
      current: { roi: 1, winRate: 40, totalTrades: 30, score: 1.2, maxDrawdownPercentage: 3, sharpeRatio: 1 },
      recommended: { roi: 'x' },
      inSample: { current: null, recommended: { roi: 5 } },
    })!;
    expect(v).toMatchObject({ method: 'HOLDOUT', onEdgeOf: ['fast'], markets: [] });
    expect(v.test).toEqual({ pValue: 0.01, adjustedPValue: 0.02, alpha: 0.05, candidatesTested: 2 });
    expect(v.perYear).toEqual([{ year: 2025, current: 1.5, recommended: null }]);
    expect(v.recommended?.roi).toBeNull();
    expect(v.inSample?.recommended?.roi).toBe(5);
    expect(readValidation({ method: 'SOMETHING_NEW' })?.method).toBeNull();
    expect(readValidation(null)).toBeNull();
  });

});
