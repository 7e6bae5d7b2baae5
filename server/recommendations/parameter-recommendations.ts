import type { EntityManager } from '@mikro-orm/postgresql';
import { readRunSettings } from '../backtest/run-settings.ts';
import { paramsKey, probabilityOfOutperforming, robustness, parameterSpace } from '../engine/optimizer/index.ts';
import { getStrategy, type StrategyParams } from '../engine/index.ts';
import type { IOptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { finalWindow, rankedRows, rowsAt } from '../optimization/optimization.service.ts';
import { plateauChoice } from '../optimization/sweep-tests.ts';
import { StrategyOptimization, type IStrategyOptimization } from '../optimization/strategy-optimization.entity.ts';
import { sweepRow } from '../optimization/sweep-rows.ts';
import type { SweepMarket } from './evidence-runs.ts';
import { describeParams, pct, ROI_MARGIN, sideOf, type RecommendationDraft } from './recommendation-draft.ts';

/** Bootstrap iterations for the out-of-sample comparison (seeded: the same sweep gives the same confidence). */
export const MONTE_CARLO_ITERATIONS = 2_000;

/**
 * PARAMETERS recommendations from a completed sweep. Candidates are chosen in sample (the best row, and
 * the row whose neighbourhood scores best: a plateau rather than a spike) and judged on the data the
 * search never saw: the hold-out, or the last walk-forward window. A candidate is emitted only when it
 * beats the current parameters there by ROI_MARGIN and on the objective; otherwise it is stored
 * REJECTED with the reason. A sweep without validation yields one REJECTED draft saying so.
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
  const candidates = [eligible[0], ...(window === 0 ? [plateauChoice(sweep, ranked)] : [])].filter(
    (row, i, all): row is IStrategyOptimization => row !== null && row.paramsKey !== baselineKey && all.findIndex((other) => other?.paramsKey === row.paramsKey) === i,
  );
  if (candidates.length === 0) {
    return [{ ...base, dedupeKey: `PARAMETERS:${sweep.id}:current`, rejectionReason: 'the current parameters rank best in sample', rationale: `The current parameters (${describeParams(sweep.baseParams)}) rank first of ${ranked.length} in sample: nothing to change.` }];
  }
  if (!sweep.validation) {
    const best = candidates[0];
    return [
      {
        ...base,
        dedupeKey: `PARAMETERS:${sweep.id}:${best.paramsKey}`,
        ...paramsChange(best.params, sweep.baseParams),
        validation: { method: 'IN_SAMPLE_ONLY', fromMs: null, toMs: null, current: baselineIn && sideOf(baselineIn), recommended: sideOf(best) },
        rejectionReason: 'in-sample only: the sweep kept no data aside to validate on (run it with a hold-out or walk-forward windows)',
        rationale: `In sample, ${describeParams(changedParams(best.params, sweep.baseParams))} scored best (ROI ${pct(best.roi ?? 0)}), but nothing checked it on data it was not derived from.`,
        evidenceRowIds: [best.id, ...(baselineIn ? [baselineIn.id] : [])],
      },
    ];
  }
  const tested = new Map((await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, [...candidates.map((row) => row.paramsKey), baselineKey])).map((row) => [row.paramsKey, row]));
  const baselineOut = tested.get(baselineKey) ?? null;
  const drafts: RecommendationDraft[] = [];
  for (const candidate of candidates) {
    // A candidate the sweep's test stage did not cover (it ranked outside the tested rows) is tested here, the same way.
    const out = tested.get(candidate.paramsKey) ?? (baselineOut ? await testHere(em, sweep, candidate, baselineOut, await market()) : null);
    if (!out || !baselineOut || !out.fromDate || !out.toDate) continue;
    const fromMs = out.fromDate.getTime();
    const toMs = out.toDate.getTime();
    const m = await market();
    const outperforms = probabilityOfOutperforming(m.tradeReturns(candidate.params, fromMs, toMs), m.tradeReturns(sweep.baseParams, fromMs, toMs), {
      iterations: MONTE_CARLO_ITERATIONS,
      seed: seedOf(sweep.id, candidate.paramsKey),
    });
    const shape = await neighbourhood(sweep, ranked, candidate, baselineIn);
    const gain = (out.roi ?? 0) - (baselineOut.roi ?? 0);
    const scoreGain = (out.score ?? Number.NEGATIVE_INFINITY) - (baselineOut.score ?? Number.NEGATIVE_INFINITY);
    const rejectionReason =
      baselineIn && !((candidate.score ?? Number.NEGATIVE_INFINITY) > (baselineIn.score ?? Number.NEGATIVE_INFINITY))
        ? `in sample it scores ${fmt(candidate.score)} under ${sweep.objective.name}, not above the current parameters' ${fmt(baselineIn.score)}`
        : gain < ROI_MARGIN
        ? `out of sample its ROI ${pct(out.roi ?? 0)} does not beat the current ${pct(baselineOut.roi ?? 0)} by ${ROI_MARGIN} points`
        : !(scoreGain > 0)
          ? `out of sample it scores ${fmt(out.score)} under ${sweep.objective.name}, not above the current ${fmt(baselineOut.score)}`
          : null;
    const windowWins = await windowConsistency(em, sweep, candidate.params);
    const edges = shape?.edges.filter((e) => e.atMin || e.atMax).map((e) => e.name) ?? [];
    drafts.push({
      ...base,
      dedupeKey: `PARAMETERS:${sweep.id}:${candidate.paramsKey}`,
      ...paramsChange(candidate.params, sweep.baseParams),
      validation: {
        method: window === 0 ? 'HOLDOUT' : 'WALK_FORWARD',
        fromMs,
        toMs,
        current: sideOf(baselineOut),
        recommended: sideOf(out),
        probabilityOfOutperforming: outperforms,
        inSample: { current: baselineIn && sideOf(baselineIn), recommended: sideOf(candidate) },
        onEdgeOf: edges,
      },
      rejectionReason,
      confidence: {
        support: shape?.confidence ?? 0.5,
        outOfSample: outperforms,
        validationTrades: out.totalTrades ?? 0,
        consistency: windowWins,
        parametersOnEdge: edges.length,
      },
      rationale: parameterRationale(sweep, candidate, out, baselineIn, baselineOut, outperforms, shape, edges, fromMs, toMs),
      evidenceRowIds: [candidate.id, out.id, baselineOut.id, ...(baselineIn ? [baselineIn.id] : []), ...(shape?.neighbourIds ?? [])],
    });
  }
  return oneEmitted(drafts);
}

/** One sweep recommends one parameter change: the passing candidate that did best out of sample; the others say so. */
function oneEmitted(drafts: RecommendationDraft[]): RecommendationDraft[] {
  const passing = drafts.filter((d) => d.rejectionReason === null);
  if (passing.length <= 1) return drafts;
  const score = (d: RecommendationDraft) => d.validation.recommended?.score ?? Number.NEGATIVE_INFINITY;
  const best = passing.reduce((a, b) => (score(b) > score(a) ? b : a));
  return drafts.map((d) =>
    d === best || d.rejectionReason !== null
      ? d
      : { ...d, rejectionReason: `${describeParams(best.recommended.params ?? {})} did better out of sample (score ${fmt(score(best))} against ${fmt(score(d))})` },
  );
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
    confidence: { support: 0.5, outOfSample: 0, validationTrades: 0, consistency: 0, parametersOnEdge: 0 },
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

/** Robustness of the candidate in sample: its neighbours' support against the current parameters and the range edges. */
async function neighbourhood(sweep: IOptimizationSweep, ranked: readonly IStrategyOptimization[], candidate: IStrategyOptimization, baselineIn: IStrategyOptimization | null) {
  const spec = getStrategy(sweep.strategy);
  const space = spec ? parameterSpace(spec, sweep.parameterRanges, sweep.baseParams) : null;
  if (!space || 'errors' in space || typeof candidate.score !== 'number') return null;
  const result = robustness({ params: candidate.params, score: candidate.score }, ranked.map((row) => ({ params: row.params, score: row.score ?? null })), space.axes, baselineIn?.score ?? Number.NEGATIVE_INFINITY);
  const neighbourKeys = new Set(
    ranked
      .filter((row) => row.paramsKey !== candidate.paramsKey && space.axes.filter((a) => row.params[a.name] !== candidate.params[a.name]).length === 1)
      .map((row) => row.paramsKey),
  );
  return { ...result, neighbourIds: ranked.filter((row) => neighbourKeys.has(row.paramsKey)).map((row) => row.id).slice(0, 8) };
}

/** Evaluates a candidate on the out-of-sample range its sweep's test used, and stores it as that window's test row. */
async function testHere(em: EntityManager, sweep: IOptimizationSweep, candidate: IStrategyOptimization, baselineOut: IStrategyOptimization, market: SweepMarket): Promise<IStrategyOptimization> {
  const place = { window: candidate.window, phase: 'OUT_OF_SAMPLE' as const, fromMs: baselineOut.fromDate!.getTime(), toMs: baselineOut.toDate!.getTime() };
  const row = sweepRow(sweep, place, candidate.params, market.evaluate(candidate.params, readRunSettings(sweep.settings), place.fromMs, place.toMs));
  await em.createQueryBuilder(StrategyOptimization).insert(row).onConflict(['sweep', 'window', 'phase', 'paramsKey']).ignore().execute();
  const [stored] = await rowsAt(em, sweep, place, [candidate.paramsKey]);
  return stored;
}

/**
 * The share of validation windows where these parameters beat the current ones out of sample: over
 * the walk-forward windows that tested both, or the hold-out's single comparison (1 or 0).
 */
async function windowConsistency(em: EntityManager, sweep: IOptimizationSweep, params: StrategyParams): Promise<number> {
  const windows = sweep.validation?.walkForward?.windows;
  if (!windows) {
    const rows = new Map((await rowsAt(em, sweep, { window: 0, phase: 'OUT_OF_SAMPLE' }, [paramsKey(params), paramsKey(sweep.baseParams)])).map((row) => [row.paramsKey, row]));
    const mine = rows.get(paramsKey(params));
    const theirs = rows.get(paramsKey(sweep.baseParams));
    return mine && theirs && (mine.roi ?? 0) > (theirs.roi ?? 0) ? 1 : 0;
  }
  let wins = 0;
  let compared = 0;
  for (let window = 1; window <= windows; window++) {
    const rows = new Map((await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, [paramsKey(params), paramsKey(sweep.baseParams)])).map((row) => [row.paramsKey, row]));
    const mine = rows.get(paramsKey(params));
    const theirs = rows.get(paramsKey(sweep.baseParams));
    if (!mine || !theirs) continue;
    compared++;
    if ((mine.roi ?? 0) > (theirs.roi ?? 0)) wins++;
  }
  return compared === 0 ? 0.5 : wins / compared;
}

function parameterRationale(
  sweep: IOptimizationSweep,
  candidate: IStrategyOptimization,
  out: IStrategyOptimization,
  baselineIn: IStrategyOptimization | null,
  baselineOut: IStrategyOptimization,
  outperforms: number,
  shape: Awaited<ReturnType<typeof neighbourhood>>,
  edges: string[],
  fromMs: number,
  toMs: number,
): string {
  const changes = Object.entries(changedParams(candidate.params, sweep.baseParams)).map(([key, value]) => `${key} ${sweep.baseParams[key]} → ${value}`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return [
    `On ${sweep.symbols.join(', ')} ${sweep.timeframe}, changing ${changes.join(', ')}:`,
    `in sample (the search's data) ROI ${pct(candidate.roi ?? 0)} over ${candidate.totalTrades ?? 0} trades against ${baselineIn ? pct(baselineIn.roi ?? 0) : 'unmeasured'} for the current parameters;`,
    `out of sample (${day(fromMs)} to ${day(toMs)}, never seen by the search) ROI ${pct(out.roi ?? 0)} over ${out.totalTrades ?? 0} trades against ${pct(baselineOut.roi ?? 0)} over ${baselineOut.totalTrades ?? 0}, win rate ${fmt(out.winRate)} % against ${fmt(baselineOut.winRate)} %.`,
    `Bootstrapping the out-of-sample trades, it compounds to more than the current parameters in ${(outperforms * 100).toFixed(0)} % of ${MONTE_CARLO_ITERATIONS} resamples.`,
    shape ? `${shape.supporting} of its ${shape.neighbours} grid neighbours also beat the current parameters in sample (neighbour score ${fmt(shape.neighbourMean)} against its ${fmt(candidate.score)}).` : '',
    edges.length > 0 ? `It sits on the edge of the swept range of ${edges.join(', ')}: the optimum may lie outside the grid; widen it (confidence lowered).` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));

/** A seed from the question: the same sweep and candidate always give the same bootstrap. */
export function seedOf(...parts: string[]): number {
  let h = 2166136261;
  for (const ch of parts.join('|')) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}
