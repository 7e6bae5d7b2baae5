import { describe, expect, it } from 'vitest';
import { crossSweepDrafts, type MarketVerdict } from '../../recommendations/cross-sweep-recommendations.ts';

const DAY = 86_400_000;
const JUNE = Date.UTC(2025, 5, 1);

/** A validated market: its sweep (completed at `completedDay`), its chosen row in sample, and that row out of sample over [fromMs, toMs). */
function verdict(symbol: string, completedDay: number, oosRoi: number, fromMs: number, toMs: number): MarketVerdict {
  const row = (roi: number, from: number, to: number) => ({ id: `${symbol}-${from}`, params: { fast: 5 }, roi, totalTrades: 40, fromDate: new Date(from), toDate: new Date(to) });
  return {
    sweep: { id: `sweep-${symbol}`, strategy: 'ema_cross', symbols: [symbol], timeframe: '1h', settings: {}, completedAt: new Date(JUNE + completedDay * DAY) },
    symbol,
    timeframe: '1h',
    inSample: row(1, fromMs - 90 * DAY, fromMs),
    outOfSample: row(oosRoi, fromMs, toMs),
  } as unknown as MarketVerdict;
}

describe('SYMBOL recommendations compare markets validated over the same dates', () => {
  it('leaves out a market validated over another period, however good it looked there', () => {
    const current = verdict('AAAUSDT', 3, -1, JUNE, JUNE + 30 * DAY);
    const samePeriod = verdict('BBBUSDT', 2, 2, JUNE + 5 * DAY, JUNE + 30 * DAY);
    const otherYear = verdict('CCCUSDT', 1, 9, JUNE - 365 * DAY, JUNE - 335 * DAY);
    const [draft] = crossSweepDrafts([current, samePeriod, otherYear]).filter((d) => d.type === 'SYMBOL');
    expect(draft.recommended).toMatchObject({ symbol: 'BBBUSDT' });
    expect(draft.current).toEqual({ symbol: 'AAAUSDT' });
    expect(draft.validation.markets?.map((m) => m.market)).toEqual(['BBBUSDT', 'AAAUSDT']);
    expect(draft.rationale).toContain('Left out, validated over other dates than AAAUSDT: CCCUSDT.');
  });

  it('draws nothing when no other market shares the current one’s period', () => {
    const current = verdict('AAAUSDT', 3, -1, JUNE, JUNE + 30 * DAY);
    const overlapTooSmall = verdict('BBBUSDT', 2, 5, JUNE + 20 * DAY, JUNE + 50 * DAY);
    expect(crossSweepDrafts([current, overlapTooSmall]).filter((d) => d.type === 'SYMBOL')).toEqual([]);
  });
});
