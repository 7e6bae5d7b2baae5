import { finalWindow, rankedRows, rowsAt } from '../optimization/index.ts';
import { type RecommendationValidation } from './recommendation-validation.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readRunSettings } from '../backtest/index.ts';
import { paramsKey, robustness, parameterSpace } from '../engine/optimizer/index.ts';
import { getStrategy, type StrategyParams } from '../engine/index.ts';
import type { IOptimizationSweep } from '../optimization/index.ts';
import type { OverfittingReport } from '../optimization/index.ts';
import { plateauChoice } from '../optimization/index.ts';
import { StrategyOptimization, type IStrategyOptimization } from '../optimization/index.ts';
import { sweepRow } from '../optimization/index.ts';
import { returnsPerYear, sameDays, type DailyRun, type SweepMarket } from './evidence-runs.ts';
import { describeParams, pct, sideOf, type RecommendationDraft } from './recommendation-draft.ts';
import { corrected, describeTest, pairedSignificance, passes, seedOf, type SignificanceTest } from './significance.ts';

/** In-sample candidates a sweep tests out of sample at most (the correction's k grows with each). */
export const MAX_PARAMETER_CANDIDATES = 3;
/** A sweep whose Probability of Backtest Overfitting is above this recommends nothing from its search. */
export const MAX_PBO = 0.5;

/**
 * PARAMETERS recommendations from a completed sweep: choose in sample, test once.
 *  1. Candidates are ranked on the search's own data only: the plateau choice (the set whose one-step
 *     grid neighbourhood scores best: a plateau rather than a spike), then the best rows, at most
 *     MAX_PARAMETER_CANDIDATES of them, each required to beat the current parameters in sample.
 *  2. Each is tested once on the data the search never saw (the hold-out, or the last walk-forward
 *     window), against the current parameters over the same dates: a paired bootstrap of daily returns,
 *     Holm-corrected over the candidates tested (significance.ts). A candidate whose test made fewer than
 *     minTrades trades is thin, and not tested.
 *  3. The emitted one is the first, in the in-sample order, whose corrected p is below the sweep's α, and
 *     only when the sweep's PBO is at most MAX_PBO; every other draft is stored REJECTED with its reason.
 * The test only accepts or rejects: it never picks among candidates, so the reported out-of-sample gain
 * is not inflated by choosing on it.
 */
export async function parameterDrafts(em: EntityManager, sweep: IOptimizationSweep, market: () => Promise<SweepMarket>): Promise<RecommendationDraft[]> {
  const window = finalWindow(sweep);
  const ranked = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: false });
  const baselineKey = paramsKey(sweep.baseParams);
  const baselineIn = ranked.find((row) => row.paramsKey === baselineKey) ?? null;
  const base = draftBase(sweep);
  const eligible = ranked.filter((row) => (row.totalTrades ?? 0) >= sweep.minTrades);
  if (eligible.length === 0) {
    return [{ ...base, dedupeKey: `PARAMETERS:${sweep.id}:none`, rejectionReason: `no parameter set reached ${sweep.minTrades} trades in sample`, rationale: `None of the ${ranked.length} parameter sets of this sweep traded at least ${sweep.minTrades} times in sample, too few to rank on.` }];
  }
  const candidates = [plateauChoice(sweep, ranked), ...eligible]
    .filter((row, i, all): row is IStrategyOptimization => row !== null && row.paramsKey !== baselineKey && all.findIndex((other) => other?.paramsKey === row.paramsKey) === i)
    .slice(0, MAX_PARAMETER_CANDIDATES);
  if (candidates.length === 0) {
    return [{ ...base, dedupeKey: `PARAMETERS:${sweep.id}:current`, rejectionReason: 'the current parameters rank best in sample', rationale: `The current parameters (${describeParams(sweep.baseParams)}) rank first of ${ranked.length} in sample: nothing to change.` }];
  }
  if (!sweep.validation) return [inSampleOnly(sweep, base, candidates[0], baselineIn)];

  const overfitting = overfittingOf(sweep);
  const m = await market();
  const baselineOut = await testedRow(em, sweep, window, sweep.baseParams, m);
  if (!baselineOut?.fromDate || !baselineOut.toDate) return [];
  const fromMs = baselineOut.fromDate.getTime();
  const toMs = baselineOut.toDate.getTime();
  const currentDaily = m.daily(sweep.baseParams, fromMs, toMs);
  const minValidationTrades = validationMinimum(sweep, ranked[0], baselineOut);

  const studied: Array<{ candidate: IStrategyOptimization; out: IStrategyOptimization; daily: DailyRun; beatsInSample: boolean; thin: boolean; test: SignificanceTest | null }> = [];
  for (const candidate of candidates) {
    const out = (await testedRow(em, sweep, window, candidate.params, m))!;
    const daily = m.daily(candidate.params, fromMs, toMs);
    const beatsInSample = !baselineIn || (candidate.score ?? Number.NEGATIVE_INFINITY) > (baselineIn.score ?? Number.NEGATIVE_INFINITY);
    const thin = (out.totalTrades ?? 0) < minValidationTrades;
    let test: SignificanceTest | null = null;
    if (beatsInSample && !thin) {
      const days = sameDays(daily, currentDaily);
      const result = pairedSignificance('MEAN_DAILY_RETURN', days.a, days.b, sweep.significanceLevel, seedOf(sweep.id, candidate.paramsKey));
      test = 'errors' in result ? null : result;
    }
    studied.push({ candidate, out, daily, beatsInSample, thin, test });
  }
  const tests = corrected(studied.map((s) => s.test));
  const overfit = overfitting.probabilityOfOverfitting !== null && overfitting.probabilityOfOverfitting > MAX_PBO;
  const emitted = overfit ? -1 : studied.findIndex((_, i) => passes(tests[i]));
  const windowWins = await windowConsistency(em, sweep);

  return studied.map(({ candidate, out, daily, beatsInSample, thin }, i) => {
    const test = tests[i];
    const rejectionReason = !beatsInSample
      ? `in sample it scores ${fmt(candidate.score)} under ${sweep.objective.name}, not above the current parameters' ${fmt(baselineIn?.score)}`
      : thin
        ? `thin evidence: out of sample it made ${out.totalTrades ?? 0} trades, fewer than the ${minValidationTrades} required (${thinRule(sweep)})`
        : test === null
          ? 'its out-of-sample days could not be compared with the current parameters’'
          : !passes(test)
            ? `not significant: ${describeTest(test)}`
            : overfit
              ? `the sweep's Probability of Backtest Overfitting is ${overfitting.probabilityOfOverfitting!.toFixed(2)}: its in-sample choices land in the bottom half out of sample more often than not`
              : i !== emitted
                ? `${describeParams(changedParams(studied[emitted].candidate.params, sweep.baseParams))} ranks higher in sample and was emitted`
                : null;
    const validation: RecommendationValidation = {
      method: window === 0 ? 'HOLDOUT' : 'WALK_FORWARD',
      fromMs,
      toMs,
      current: sideOf(baselineOut),
      recommended: sideOf(out),
      test,
      overfitting,
      perYear: perYear(daily, currentDaily),
      inSample: { current: baselineIn && sideOf(baselineIn), recommended: sideOf(candidate) },
      onEdgeOf: edgesOf(sweep, ranked, candidate, baselineIn),
    };
    return {
      ...base,
      dedupeKey: `PARAMETERS:${sweep.id}:${candidate.paramsKey}`,
      ...paramsChange(candidate.params, sweep.baseParams),
      validation,
      rejectionReason,
      confidence: { probability: test ? 1 - test.pValue : 0.5, ...overfitting },
      rationale: parameterRationale(sweep, candidate, validation, out, baselineOut, windowWins),
      evidenceRowIds: [candidate.id, out.id, baselineOut.id, ...(baselineIn ? [baselineIn.id] : [])],
    };
  });
}

/**
 * The fewest out-of-sample trades a candidate's test may rest on. Walk-forward: minTrades, as every window's
 * test (a thin window gets no efficiency and is never the basis of a recommendation: sweep-report.ts). Hold-out:
 * minTrades at the rate the search required it, scaled to the hold-out's length (a 25 % hold-out of a year needs
 * a third of minTrades), at least MIN_VALIDATION_TRADES.
 */
export function validationMinimum(sweep: IOptimizationSweep, inSample: IStrategyOptimization, outOfSample: IStrategyOptimization): number {
  if (sweep.validation?.walkForward) return sweep.minTrades;
  const span = (row: IStrategyOptimization) => (row.fromDate && row.toDate ? row.toDate.getTime() - row.fromDate.getTime() : 0);
  const ratio = span(inSample) > 0 ? span(outOfSample) / span(inSample) : 1;
  return Math.max(MIN_VALIDATION_TRADES, Math.ceil(sweep.minTrades * ratio));
}

const thinRule = (sweep: IOptimizationSweep) => (sweep.validation?.walkForward ? 'minTrades per walk-forward window' : 'minTrades scaled to the hold-out’s length');

/** Below this, a hold-out comparison rests on too few trades whatever minTrades says. */
export const MIN_VALIDATION_TRADES = 5;

function inSampleOnly(sweep: IOptimizationSweep, base: ReturnType<typeof draftBase>, best: IStrategyOptimization, baselineIn: IStrategyOptimization | null): RecommendationDraft {
  return {
    ...base,
    dedupeKey: `PARAMETERS:${sweep.id}:${best.paramsKey}`,
    ...paramsChange(best.params, sweep.baseParams),
    validation: { method: 'IN_SAMPLE_ONLY', fromMs: null, toMs: null, current: baselineIn && sideOf(baselineIn), recommended: sideOf(best) },
    rejectionReason: 'in-sample only: the sweep kept no data aside to validate on (run it with a hold-out or walk-forward windows)',
    rationale: `In sample, ${describeParams(changedParams(best.params, sweep.baseParams))} scored best (ROI ${pct(best.roi ?? 0)}), but nothing checked it on data it was not derived from.`,
    evidenceRowIds: [best.id, ...(baselineIn ? [baselineIn.id] : [])],
  };
}

/** The overfitting statistics the sweep stored when it completed (optimization/overfitting.ts). */
export function overfittingOf(sweep: IOptimizationSweep): { probabilityOfOverfitting: number | null; deflatedSharpeRatio: number | null } {
  const report = sweep.report?.overfitting as OverfittingReport | undefined;
  return { probabilityOfOverfitting: report?.pbo?.probability ?? null, deflatedSharpeRatio: report?.deflatedSharpe?.ratio ?? null };
}

/** Both sides' compounded return per calendar year of the validation dates. */
export function perYear(recommended: DailyRun, current: DailyRun): NonNullable<RecommendationValidation['perYear']> {
  const mine = returnsPerYear(recommended.days, recommended.returns);
  const theirs = returnsPerYear(current.days, current.returns);
  return [...new Set([...mine.keys(), ...theirs.keys()])].sort().map((year) => ({ year, current: theirs.get(year) ?? null, recommended: mine.get(year) ?? null }));
}

export function draftBase(sweep: IOptimizationSweep): Omit<RecommendationDraft, 'dedupeKey' | 'rejectionReason' | 'rationale'> {
  return {
    type: 'PARAMETERS',
    sweepId: sweep.id,
    strategy: sweep.strategy,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    baseParams: sweep.baseParams,
    baseSettings: readRunSettings(sweep.settings),
    current: { params: {} },
    recommended: { params: {} },
    validation: { method: 'IN_SAMPLE_ONLY', fromMs: null, toMs: null, current: null, recommended: null },
    confidence: { probability: 0.5, probabilityOfOverfitting: null, deflatedSharpeRatio: null },
    evidenceRowIds: [],
  };
}

/** The parameters a set changes relative to the current ones (what applying it sets). */
export function changedParams(params: StrategyParams, current: StrategyParams): StrategyParams {
  return Object.fromEntries(Object.entries(params).filter(([key, value]) => current[key] !== value));
}

/** Both sides of a parameter change: the current and the recommended values of the parameters it changes. */
export function paramsChange(params: StrategyParams, current: StrategyParams) {
  const changed = changedParams(params, current);
  return { current: { params: Object.fromEntries(Object.keys(changed).map((key) => [key, current[key]])) }, recommended: { params: changed } };
}

/** Swept parameters whose value in the candidate sits at an end of its range (the optimum may lie beyond). */
function edgesOf(sweep: IOptimizationSweep, ranked: readonly IStrategyOptimization[], candidate: IStrategyOptimization, baselineIn: IStrategyOptimization | null): string[] {
  const spec = getStrategy(sweep.strategy);
  const space = spec ? parameterSpace(spec, sweep.parameterRanges, sweep.baseParams) : null;
  if (!space || 'errors' in space || typeof candidate.score !== 'number') return [];
  const shape = robustness({ params: candidate.params, score: candidate.score }, ranked.map((row) => ({ params: row.params, score: row.score ?? null })), space.axes, baselineIn?.score ?? Number.NEGATIVE_INFINITY);
  return shape.edges.filter((e) => e.atMin || e.atMax).map((e) => e.name);
}

/**
 * The stored out-of-sample row of these parameters in the window (the sweep's test stage covers its best
 * rows, the plateau choice and the current parameters), or one evaluated and stored here the same way.
 */
async function testedRow(em: EntityManager, sweep: IOptimizationSweep, window: number, params: StrategyParams, market: SweepMarket): Promise<IStrategyOptimization | null> {
  const key = paramsKey(params);
  const [stored] = await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, [key]);
  if (stored) return stored;
  const [anyTest] = await em.find(StrategyOptimization, { sweep: sweep.id, window, phase: 'OUT_OF_SAMPLE' }, { limit: 1 });
  if (!anyTest?.fromDate || !anyTest.toDate) return null;
  const place = { window, phase: 'OUT_OF_SAMPLE' as const, fromMs: anyTest.fromDate.getTime(), toMs: anyTest.toDate.getTime() };
  const row = sweepRow(sweep, place, params, market.evaluate(params, readRunSettings(sweep.settings), place.fromMs, place.toMs));
  await em.createQueryBuilder(StrategyOptimization).insert(row).onConflict(['sweep', 'window', 'phase', 'paramsKey']).ignore().execute();
  const [inserted] = await rowsAt(em, sweep, place, [key]);
  return inserted;
}

/**
 * Under walk-forward: in how many windows the window's own choice beat the current parameters out of
 * sample (the process the recommendation follows), of those that tested both. Null for a hold-out.
 */
async function windowConsistency(em: EntityManager, sweep: IOptimizationSweep): Promise<{ wins: number; compared: number } | null> {
  const windows = sweep.validation?.walkForward?.windows;
  if (!windows) return null;
  let wins = 0, compared = 0;
  for (let window = 1; window <= windows; window++) {
    const [chosen] = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: false, limit: 1 });
    if (!chosen) continue;
    const rows = new Map((await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, [chosen.paramsKey, paramsKey(sweep.baseParams)])).map((row) => [row.paramsKey, row]));
    const mine = rows.get(chosen.paramsKey), theirs = rows.get(paramsKey(sweep.baseParams));
    if (!mine || !theirs) continue;
    compared++;
    if ((mine.roi ?? 0) > (theirs.roi ?? 0)) wins++;
  }
  return { wins, compared };
}

function parameterRationale(
  sweep: IOptimizationSweep,
  candidate: IStrategyOptimization,
  validation: RecommendationValidation,
  out: IStrategyOptimization,
  baselineOut: IStrategyOptimization,
  windowWins: { wins: number; compared: number } | null,
): string {
  const changes = Object.entries(changedParams(candidate.params, sweep.baseParams)).map(([key, value]) => `${key} ${sweep.baseParams[key]} → ${value}`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const baselineIn = validation.inSample?.current;
  const { probabilityOfOverfitting: pbo, deflatedSharpeRatio: dsr } = validation.overfitting ?? { probabilityOfOverfitting: null, deflatedSharpeRatio: null };
  const edges = validation.onEdgeOf ?? [];
  return [
    `On ${sweep.symbols.join(', ')} ${sweep.timeframe}, changing ${changes.join(', ')}, chosen in sample:`,
    `there ROI ${pct(candidate.roi ?? 0)} over ${candidate.totalTrades ?? 0} trades against ${baselineIn ? pct(baselineIn.roi) : 'unmeasured'} for the current parameters;`,
    `out of sample (${day(validation.fromMs!)} to ${day(validation.toMs!)}, never seen by the search) ROI ${pct(out.roi ?? 0)} over ${out.totalTrades ?? 0} trades against ${pct(baselineOut.roi ?? 0)} over ${baselineOut.totalTrades ?? 0}.`,
    validation.test ? `Tested once: ${describeTest(validation.test)}.` : '',
    pbo !== null || dsr !== null
      ? `The sweep's Probability of Backtest Overfitting is ${pbo === null ? 'unknown' : pbo.toFixed(2)}, the Deflated Sharpe Ratio of its best row ${dsr === null ? 'unknown' : dsr.toFixed(2)}.`
      : '',
    windowWins ? `Over the walk-forward windows, the window's own choice beat the current parameters out of sample in ${windowWins.wins} of ${windowWins.compared}.` : '',
    edges.length > 0 ? `It sits on the edge of the swept range of ${edges.join(', ')}: the optimum may lie outside the grid; widen it.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));
