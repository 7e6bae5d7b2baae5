import { finalWindow, rankedRows } from '../optimization/index.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readRunSettings } from '../backtest/index.ts';
import { settingsOnSymbols, type StrategyParams } from '../engine/index.ts';
import { OptimizationSweep, type IOptimizationSweep } from '../optimization/index.ts';
import type { AppServices } from '../services.ts';
import { MarketRuns, sameDays, type DailyRun } from './evidence-runs.ts';
import { OptimizationRecommendation } from './optimization-recommendation.entity.ts';
import { perYear } from './parameter-recommendations.ts';
import { pct, sideOf, type RecommendationDraft } from './recommendation-draft.ts';
import { describeTest, pairedSignificance, passes, seedOf } from './significance.ts';

/**
 * SYMBOL and TIMEFRAME recommendations: among the markets a strategy was swept on (with validation),
 * where it works best, compared like with like. Symbols are compared within one timeframe, timeframes
 * within one symbol, and every market over the same dates: the in-sample and out-of-sample dates of the
 * current market (the one swept last), each market running its own validated parameters there (those of
 * its sweep's emitted PARAMETERS recommendation, else its current ones, so a recommended set always beat
 * its own market's current settings). Choose in sample, test once: the candidate is the market with the
 * best in-sample Sharpe ratio over those dates; it is emitted only when it is not the current market and
 * beats it over the out-of-sample dates by a paired test of daily returns with p below the sweep's α.
 * Markets whose candles do not cover the dates are left out and named.
 */

/** A market of a strategy: its latest validated single-symbol sweep and the parameters it validated. */
export interface MarketEntry {
  readonly sweep: IOptimizationSweep;
  readonly symbol: string;
  readonly timeframe: string;
  readonly params: StrategyParams;
  /** Whether the parameters are those of an emitted PARAMETERS recommendation (else the sweep's current ones). */
  readonly recommended: boolean;
}

export async function marketEntries(em: EntityManager, strategy: string): Promise<MarketEntry[]> {
  const sweeps = await em.find(OptimizationSweep, { strategy, status: 'COMPLETED', validation: { $ne: null } }, { orderBy: { completedAt: 'desc', id: 'asc' } });
  const entries = new Map<string, MarketEntry>();
  for (const sweep of sweeps) {
    if (sweep.symbols.length !== 1) continue;
    const market = `${sweep.symbols[0]}|${sweep.timeframe}`;
    if (entries.has(market)) continue;
    const emitted = await em.findOne(OptimizationRecommendation, { sweep: sweep.id, type: 'PARAMETERS', status: { $ne: 'REJECTED' } });
    const params = emitted ? { ...sweep.baseParams, ...emitted.recommendedValues.params } : sweep.baseParams;
    entries.set(market, { sweep, symbol: sweep.symbols[0], timeframe: sweep.timeframe, params, recommended: emitted !== null });
  }
  return [...entries.values()];
}

export async function crossSweepDrafts(services: AppServices, em: EntityManager, entries: readonly MarketEntry[]): Promise<RecommendationDraft[]> {
  const drafts: RecommendationDraft[] = [];
  for (const type of ['SYMBOL', 'TIMEFRAME'] as const) {
    const groups = new Map<string, MarketEntry[]>();
    for (const e of entries) {
      const key = type === 'SYMBOL' ? e.timeframe : e.symbol;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    for (const [key, members] of groups) {
      if (members.length < 2) continue;
      const draft = await compare(services, em, type, key, members);
      if (draft) drafts.push(draft);
    }
  }
  return drafts;
}

interface MeasuredMarket {
  readonly entry: MarketEntry;
  readonly inSample: DailyRun;
  readonly outOfSample: DailyRun;
}

async function compare(services: AppServices, em: EntityManager, type: 'SYMBOL' | 'TIMEFRAME', key: string, members: readonly MarketEntry[]): Promise<RecommendationDraft | null> {
  const name = (e: MarketEntry) => (type === 'SYMBOL' ? e.symbol : e.timeframe);
  const current = [...members].sort((a, b) => (b.sweep.completedAt?.getTime() ?? 0) - (a.sweep.completedAt?.getTime() ?? 0))[0];
  const window = finalWindow(current.sweep);
  const [row] = await rankedRows(em, current.sweep, { window, phase: 'OUT_OF_SAMPLE', eligibleOnly: false, limit: 1 });
  const [inRow] = await rankedRows(em, current.sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: false, limit: 1 });
  if (!row?.fromDate || !row.toDate || !inRow?.fromDate || !inRow.toDate) return null;
  const dates = { inSample: [inRow.fromDate.getTime(), inRow.toDate.getTime()] as const, outOfSample: [row.fromDate.getTime(), row.toDate.getTime()] as const };
  const measured: MeasuredMarket[] = [];
  const leftOut: string[] = [];
  for (const entry of members) {
    const runs = await MarketRuns.load(services, { ...entry, strategy: entry.sweep.strategy, settings: settingsOnSymbols(readRunSettings(current.sweep.settings), current.sweep.symbols, [entry.symbol]), warmupHistory: entry.sweep.warmupHistory }, dates.inSample[0], dates.outOfSample[1]);
    if (!runs) {
      leftOut.push(name(entry));
      continue;
    }
    measured.push({ entry, inSample: runs.daily(...dates.inSample), outOfSample: runs.daily(...dates.outOfSample) });
  }
  const mine = measured.find((m) => m.entry === current);
  if (!mine || measured.length < 2) return null;
  const sharpe = (run: DailyRun) => run.metrics.sharpeRatio ?? Number.NEGATIVE_INFINITY;
  const byInSample = [...measured].sort((a, b) => sharpe(b.inSample) - sharpe(a.inSample) || name(a.entry).localeCompare(name(b.entry)));
  const candidate = byInSample[0];
  const days = sameDays(candidate.outOfSample, mine.outOfSample);
  const tested = candidate === mine ? null : pairedSignificance('MEAN_DAILY_RETURN', days.a, days.b, current.sweep.significanceLevel, seedOf(type, key, ...members.map((m) => m.sweep.id)));
  const test = tested && !('errors' in tested) ? tested : null;
  const thin = candidate.outOfSample.metrics.totalTrades < candidate.entry.sweep.minTrades;
  const plural = type === 'SYMBOL' ? 'symbols' : 'timeframes';
  const rejectionReason =
    candidate === mine
      ? `${name(current)} already has the best in-sample Sharpe ratio of the ${measured.length} ${plural} compared over the same dates`
      : thin
        ? `thin evidence: ${name(candidate.entry)} made ${candidate.outOfSample.metrics.totalTrades} trades out of sample, fewer than minTrades ${candidate.entry.sweep.minTrades}`
        : test === null
          ? `${name(candidate.entry)} and ${name(current)} share too few out-of-sample days to compare`
          : !passes(test)
            ? `not significant: ${describeTest(test)}`
            : null;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const listing = byInSample
    .map((m) => `${name(m.entry)} in-sample Sharpe ${fmt(m.inSample.metrics.sharpeRatio)}, out of sample ${pct(m.outOfSample.metrics.roi)} (${m.outOfSample.metrics.totalTrades} trades)`)
    .join('; ');
  const works = byInSample.filter((m) => m.outOfSample.metrics.roi > 0).map((m) => name(m.entry));
  const fails = byInSample.filter((m) => m.outOfSample.metrics.roi <= 0).map((m) => name(m.entry));
  const evidence = candidate.entry.sweep.report?.overfitting as { pbo?: { probability: number } | null; deflatedSharpe?: { ratio: number | null } | null } | undefined;
  const overfitting = { probabilityOfOverfitting: evidence?.pbo?.probability ?? null, deflatedSharpeRatio: evidence?.deflatedSharpe?.ratio ?? null };
  return {
    type,
    dedupeKey: `${type}:${current.sweep.strategy}:${key}:${members.map((m) => m.sweep.id).sort().join(',')}`,
    sweepId: null,
    strategy: current.sweep.strategy,
    symbols: current.sweep.symbols,
    timeframe: current.timeframe,
    baseParams: current.params,
    baseSettings: readRunSettings(current.sweep.settings),
    current: type === 'SYMBOL' ? { symbol: current.symbol } : { timeframe: current.timeframe },
    recommended: type === 'SYMBOL' ? { symbol: candidate.entry.symbol, params: candidate.entry.params } : { timeframe: candidate.entry.timeframe, params: candidate.entry.params },
    validation: {
      method: 'ACROSS_SWEEPS',
      fromMs: dates.outOfSample[0],
      toMs: dates.outOfSample[1],
      current: sideOf(mine.outOfSample.metrics),
      recommended: sideOf(candidate.outOfSample.metrics),
      test,
      overfitting,
      perYear: perYear(candidate.outOfSample, mine.outOfSample),
      inSample: { current: sideOf(mine.inSample.metrics), recommended: sideOf(candidate.inSample.metrics) },
      markets: byInSample.map((m) => ({ market: name(m.entry), sweepId: m.entry.sweep.id, outOfSample: sideOf(m.outOfSample.metrics), inSample: sideOf(m.inSample.metrics) })),
    },
    rejectionReason,
    confidence: { probability: test ? 1 - test.pValue : 0.5, ...overfitting },
    rationale:
      `Over the same dates (in sample ${day(dates.inSample[0])} to ${day(dates.inSample[1])}, out of sample ${day(dates.outOfSample[0])} to ${day(dates.outOfSample[1])}), ` +
      `each with its own validated parameters, ${current.sweep.strategy} ranks: ${listing}. ` +
      (works.length > 0 ? `It made money out of sample on ${works.join(', ')}` : 'It made money out of sample nowhere') +
      (fails.length > 0 ? ` and not on ${fails.join(', ')}.` : '.') +
      (test ? ` ${name(candidate.entry)} against ${name(current)}: ${describeTest(test)}.` : '') +
      (leftOut.length > 0 ? ` Left out, their stored candles do not cover these dates: ${leftOut.join(', ')}.` : ''),
    evidenceRowIds: [],
  };
}

const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
