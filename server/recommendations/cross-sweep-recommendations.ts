import type { EntityManager } from '@mikro-orm/postgresql';
import { readRunSettings } from '../backtest/run-settings.ts';
import { OptimizationSweep, type IOptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { finalWindow, rankedRows, rowsAt } from '../optimization/optimization.service.ts';
import type { IStrategyOptimization } from '../optimization/strategy-optimization.entity.ts';
import { pct, ROI_MARGIN, sideOf, type RecommendationDraft } from './recommendation-draft.ts';

/** What one validated sweep says about its market: its chosen parameters' in-sample and out-of-sample rows. */
export interface MarketVerdict {
  readonly sweep: IOptimizationSweep;
  readonly symbol: string;
  readonly timeframe: string;
  readonly inSample: IStrategyOptimization;
  readonly outOfSample: IStrategyOptimization;
}

/**
 * The verdict of every completed, validated single-symbol sweep of a strategy: the parameters its search
 * chose (best eligible in-sample row of its last window) and how they did on data the search never saw.
 * A market swept several times speaks through its latest sweep.
 */
export async function marketVerdicts(em: EntityManager, strategy: string): Promise<MarketVerdict[]> {
  const sweeps = await em.find(OptimizationSweep, { strategy, status: 'COMPLETED', validation: { $ne: null } }, { orderBy: { completedAt: 'desc', id: 'asc' } });
  const verdicts = new Map<string, MarketVerdict>();
  for (const sweep of sweeps) {
    if (sweep.symbols.length !== 1) continue;
    const market = `${sweep.symbols[0]}|${sweep.timeframe}`;
    if (verdicts.has(market)) continue;
    const window = finalWindow(sweep);
    const [chosen] = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: true, limit: 1 });
    if (!chosen) continue;
    const [tested] = await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, [chosen.paramsKey]);
    if (!tested) continue;
    verdicts.set(market, { sweep, symbol: sweep.symbols[0], timeframe: sweep.timeframe, inSample: chosen, outOfSample: tested });
  }
  return [...verdicts.values()];
}

/**
 * SYMBOL and TIMEFRAME recommendations: among markets swept with the same strategy, where its validated
 * results are best. Symbols are compared within one timeframe, timeframes within one symbol. The
 * current one is the market swept most recently; the recommended one the best out of sample. It is
 * emitted when that is another market and better by ROI_MARGIN out of sample; the rationale ranks every
 * market (where the strategy works and where it does not).
 */
export function crossSweepDrafts(verdicts: readonly MarketVerdict[]): RecommendationDraft[] {
  const drafts: RecommendationDraft[] = [];
  const group = (type: 'SYMBOL' | 'TIMEFRAME') => {
    const byKey = new Map<string, MarketVerdict[]>();
    for (const v of verdicts) {
      const key = type === 'SYMBOL' ? v.timeframe : v.symbol;
      byKey.set(key, [...(byKey.get(key) ?? []), v]);
    }
    for (const [key, all] of byKey) {
      const current = mostRecent(all);
      const members = all.filter((v) => v === current || comparablePeriods(v, current));
      const distinct = new Set(members.map((v) => (type === 'SYMBOL' ? v.symbol : v.timeframe)));
      if (distinct.size < 2) continue;
      drafts.push(compare(type, key, current, members, all.filter((v) => !members.includes(v))));
    }
  };
  group('SYMBOL');
  group('TIMEFRAME');
  return drafts;
}

/** The share of the shorter out-of-sample period two markets must have in common to be compared: the same market conditions. */
export const MIN_SHARED_PERIOD = 0.5;

const mostRecent = (members: readonly MarketVerdict[]) => [...members].sort((a, b) => (b.sweep.completedAt?.getTime() ?? 0) - (a.sweep.completedAt?.getTime() ?? 0))[0];

/** Whether two markets were validated over mostly the same dates (ROI over another year says little about this one). */
export function comparablePeriods(a: MarketVerdict, b: MarketVerdict): boolean {
  const period = (v: MarketVerdict) => [v.outOfSample.fromDate?.getTime(), v.outOfSample.toDate?.getTime()] as const;
  const [af, at] = period(a);
  const [bf, bt] = period(b);
  if (af === undefined || at === undefined || bf === undefined || bt === undefined) return false;
  return Math.min(at, bt) - Math.max(af, bf) >= MIN_SHARED_PERIOD * Math.min(at - af, bt - bf);
}

/** `current` is the market swept last, one of `members`; `leftOut` were validated over other dates. */
function compare(type: 'SYMBOL' | 'TIMEFRAME', key: string, current: MarketVerdict, members: readonly MarketVerdict[], leftOut: readonly MarketVerdict[]): RecommendationDraft {
  const name = (v: MarketVerdict) => (type === 'SYMBOL' ? v.symbol : v.timeframe);
  const ranked = [...members].sort((a, b) => (b.outOfSample.roi ?? 0) - (a.outOfSample.roi ?? 0) || name(a).localeCompare(name(b)));
  const best = ranked[0];
  const bestInSample = [...members].sort((a, b) => (b.inSample.roi ?? 0) - (a.inSample.roi ?? 0))[0];
  const gap = (best.outOfSample.roi ?? 0) - (current.outOfSample.roi ?? 0);
  const rejectionReason =
    best === current
      ? `${name(current)} is already the best of the ${members.length} ${type === 'SYMBOL' ? 'symbols' : 'timeframes'} compared`
      : gap < ROI_MARGIN
        ? `${name(best)} beats ${name(current)} out of sample by ${gap.toFixed(2)} ROI points, less than ${ROI_MARGIN}`
        : null;
  const listing = ranked.map((v) => `${name(v)} ${pct(v.outOfSample.roi ?? 0)} (${v.outOfSample.totalTrades ?? 0} trades)`).join(', ');
  const works = ranked.filter((v) => (v.outOfSample.roi ?? 0) > 0).map(name);
  const fails = ranked.filter((v) => (v.outOfSample.roi ?? 0) <= 0).map(name);
  return {
    type,
    dedupeKey: `${type}:${best.sweep.strategy}:${key}:${members.map((v) => v.sweep.id).sort().join(',')}`,
    sweepId: null,
    strategy: best.sweep.strategy,
    symbols: current.sweep.symbols,
    timeframe: current.timeframe,
    baseParams: current.inSample.params,
    baseSettings: readRunSettings(current.sweep.settings),
    current: type === 'SYMBOL' ? { symbol: current.symbol } : { timeframe: current.timeframe },
    recommended: type === 'SYMBOL' ? { symbol: best.symbol, params: best.inSample.params } : { timeframe: best.timeframe, params: best.inSample.params },
    validation: {
      method: 'ACROSS_SWEEPS',
      fromMs: best.outOfSample.fromDate?.getTime() ?? null,
      toMs: best.outOfSample.toDate?.getTime() ?? null,
      current: sideOf(current.outOfSample),
      recommended: sideOf(best.outOfSample),
      markets: ranked.map((v) => ({ market: name(v), sweepId: v.sweep.id, outOfSample: sideOf(v.outOfSample), inSample: sideOf(v.inSample) })),
    },
    rejectionReason,
    confidence: {
      support: Math.min(1, members.length / 4),
      outOfSample: 1 - Math.exp(-Math.max(0, gap) / 5),
      validationTrades: best.outOfSample.totalTrades ?? 0,
      consistency: bestInSample === best ? 1 : 0.5,
      parametersOnEdge: 0,
    },
    rationale:
      `Validated out of sample with its own best parameters, ${best.sweep.strategy} ranks ${listing}. ` +
      (works.length > 0 ? `It works on ${works.join(', ')}` : 'It made money nowhere') +
      (fails.length > 0 ? ` and not on ${fails.join(', ')}.` : '.') +
      ` ${name(best)} beats ${name(current)} by ${gap.toFixed(2)} ROI points out of sample${bestInSample === best ? ', and ranks first in sample too' : ''}.` +
      (leftOut.length > 0 ? ` Left out, validated over other dates than ${name(current)}: ${leftOut.map(name).join(', ')}.` : ''),
    evidenceRowIds: members.flatMap((v) => [v.inSample.id, v.outOfSample.id]),
  };
}
