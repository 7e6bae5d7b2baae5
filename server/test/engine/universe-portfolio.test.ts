import { describe, expect, it } from 'vitest';
import { compileDocument, ENTRY_RANKINGS, exitReasonTable, generateNoEdgeMarket, perPairTable, runBacktest, type EntryRanking, type StrategyParams } from '../../engine/index.ts';
import { cfg, dataOf, HOUR, lookupWith, T0 } from './helpers.ts';

const PAIRS = Array.from({ length: 30 }, (_, k) => `GEN${String(k).padStart(2, '0')}USDT`);
const series = PAIRS.map((symbol, k) => generateNoEdgeMarket({ symbol, bars: 24 * 120, seed: 1_000 + k, intervalMs: HOUR, startTimeMs: T0, startPrice: 10 + 7 * k }));

const ema = (period: number) => ({ indicator: { name: 'ema', params: [{ name: 'period', value: { value: period } }] } });
/** ema_cross(8, 21) as a document that also declares a rank series (10-bar rate of change) for STRATEGY_SERIES. */
const rankedCross = compileDocument(
  {
    language: 1,
    name: 'ranked_cross',
    rules: {
      entryLong: { crossesAbove: { left: ema(8), right: ema(21) } },
      entryShort: { crossesBelow: { left: ema(8), right: ema(21) } },
      rank: { indicator: { name: 'roc', params: [{ name: 'period', value: { value: 10 } }] } },
    },
  },
  'ranked_cross',
);
/** The strategy of a leg for a ranking: STRATEGY_SERIES needs a document with a rank series. */
const strategyFor = (entryRanking: EntryRanking): { strategy: string; params: StrategyParams } =>
  entryRanking === 'STRATEGY_SERIES' ? { strategy: 'ranked_cross', params: {} } : { strategy: 'ema_cross', params: { fast: 8, slow: 21 } };
const options = { strategies: lookupWith(rankedCross) };

/** A strategy over a 30-pair universe on shared capital: the per-pair table accounts for every trade, and the signals that found no slot are counted. */
describe('a 30-pair universe on generated markets', () => {
  it.each(ENTRY_RANKINGS)('per-pair rows sum to the portfolio and skipped signals carry their reason (%s)', (entryRanking) => {
    const result = runBacktest(
      dataOf(...series),
      cfg({
        initialCapital: 10_000,
        legs: [{ ...strategyFor(entryRanking), symbols: PAIRS }],
        sizing: { mode: 'PERCENT_EQUITY', value: 10 },
        feeRate: 0.001,
        maxOpenPositions: 5,
        entryRanking,
      }),
      options,
    );
    const { metrics, trades, skippedEntries } = result;
    const rows = perPairTable(trades, PAIRS);
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.trades > 0).length).toBeGreaterThan(20);
    expect(rows.reduce((s, r) => s + r.trades, 0)).toBe(metrics.totalTrades);
    expect(rows.reduce((s, r) => s + r.profitLoss, 0)).toBeCloseTo(metrics.totalProfitLoss, 6);
    expect(rows.reduce((s, r) => s + r.fees, 0)).toBeCloseTo(metrics.feesPaid, 6);
    const byReason = exitReasonTable(trades);
    expect(byReason.reduce((s, r) => s + r.trades, 0)).toBe(metrics.totalTrades);
    // Five slots for thirty pairs: most crossovers find the book full.
    expect(skippedEntries.MAX_OPEN_POSITIONS).toBeGreaterThan(metrics.totalTrades);
    expect(Object.keys(skippedEntries).every((reason) => ['MAX_OPEN_POSITIONS', 'SYMBOL_BUSY', 'INSUFFICIENT_CASH', 'ZERO_QUANTITY', 'BELOW_MIN_NOTIONAL'].includes(reason))).toBe(true);
    expect(Math.max(...result.equity.openPositions)).toBe(5);
    // Each skipped signal is listed with its reason: the list agrees with the counts.
    expect(result.skippedSignals.length).toBe(Object.values(skippedEntries).reduce((a, b) => a + (b ?? 0), 0));
    expect(result.skippedSignals.filter((x) => x.reason === 'MAX_OPEN_POSITIONS').length).toBe(skippedEntries.MAX_OPEN_POSITIONS);
  });

  it('the rankings choose different trades from the same signals', () => {
    const picks = ENTRY_RANKINGS.map((entryRanking) =>
      runBacktest(dataOf(...series), cfg({ initialCapital: 10_000, legs: [{ ...strategyFor(entryRanking), symbols: PAIRS }], sizing: { mode: 'PERCENT_EQUITY', value: 10 }, maxOpenPositions: 5, entryRanking }), options)
        .trades.slice(0, 40)
        .map((t) => t.symbol)
        .join(),
    );
    expect(new Set(picks).size).toBe(ENTRY_RANKINGS.length);
  });
});
