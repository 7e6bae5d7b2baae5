import type { EntityManager } from '@mikro-orm/postgresql';
import { readRunSettings } from '../backtest/run-settings.ts';
import { getStrategy, resolveStrategyParams, type RunSettings, type StrategyParams } from '../engine/index.ts';
import { paramsKey, probabilityOfOutperforming, rankRows } from '../engine/optimizer/index.ts';
import type { IOptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { finalWindow, rowsAt } from '../optimization/optimization.service.ts';
import { engineObjective } from '../optimization/scoring.ts';
import type { SweepMarket } from './evidence-runs.ts';
import { MONTE_CARLO_ITERATIONS, seedOf } from './parameter-recommendations.ts';
import { pct, ROI_MARGIN, sideOf, type RecommendationDraft } from './recommendation-draft.ts';

/** Stop distances, target multiples and position-size factors a RISK search tries around the chosen parameters. */
const STOP_PCTS = [1, 2, 3, 5];
const ATR_MULTIPLES = [1, 1.5, 2, 3];
const REWARD_MULTIPLES = [1, 1.5, 2, 3];
const SIZE_FACTORS = [0.5, 1, 2];
/** A RISK change may not deepen the out-of-sample drawdown by more than this share. */
const DRAWDOWN_TOLERANCE = 1.25;

interface RiskSet {
  readonly params: StrategyParams;
  readonly settings: RunSettings;
}

/**
 * A RISK recommendation: stop, target and position size searched in sample around the parameters the
 * sweep settles on (its recommended set, else the current one), judged out of sample like PARAMETERS,
 * and refused when it deepens the out-of-sample drawdown by more than a quarter. Small grids, evaluated
 * here on the engine's lean path.
 */
export async function riskDrafts(em: EntityManager, sweep: IOptimizationSweep, params: StrategyParams, market: () => Promise<SweepMarket>): Promise<RecommendationDraft[]> {
  if (!sweep.validation) return [];
  const spec = getStrategy(sweep.strategy);
  if (!spec) return [];
  const window = finalWindow(sweep);
  const [inRow] = await rowsAt(em, sweep, { window, phase: 'IN_SAMPLE' }, [paramsKey(sweep.baseParams)]);
  const [outRow] = await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, [paramsKey(sweep.baseParams)]);
  if (!inRow?.fromDate || !inRow.toDate || !outRow?.fromDate || !outRow.toDate) return [];
  const names = new Set(spec.params.map((p) => p.name));
  const stopName = ['stopLossPct', 'atrStopMultiplier', 'atrMultiplier'].find((name) => names.has(name) && Number(params[name]) > 0) ?? ['stopLossPct', 'atrMultiplier'].find((name) => names.has(name));
  if (!stopName && !names.has('riskReward')) return [];
  const settings = readRunSettings(sweep.settings);
  const current: RiskSet = { params, settings };
  const candidates = riskGrid(spec.params, params, settings, stopName).filter((set) => 'params' in resolveStrategyParams(sweep.strategy, set.params));
  const m = await market();
  const inMs = [inRow.fromDate.getTime(), inRow.toDate.getTime()] as const;
  const outMs = [outRow.fromDate.getTime(), outRow.toDate.getTime()] as const;
  const objective = engineObjective(sweep.objective);
  const key = (set: RiskSet) => `${paramsKey(set.params)}|${set.settings.positionSize}`;
  const inSample = candidates.map((set) => ({ key: key(set), set, metrics: m.evaluate(set.params, set.settings, ...inMs).metrics }));
  const [best] = rankRows(inSample, objective, { minTrades: sweep.minTrades });
  const base = riskBase(sweep, params, settings);
  if (!best || best.row.key === key(current)) {
    return [{ ...base, dedupeKey: `RISK:${sweep.id}:current`, rejectionReason: 'the current stop, target and size rank best in sample', rationale: `Of ${candidates.length} stop/target/size combinations, the current one ranks first in sample.` }];
  }
  const chosen = best.row.set;
  const currentIn = inSample.find((row) => row.key === key(current))!.metrics;
  const chosenOut = m.evaluate(chosen.params, chosen.settings, ...outMs).metrics;
  const currentOut = m.evaluate(current.params, current.settings, ...outMs).metrics;
  const outperforms = probabilityOfOutperforming(m.tradeReturns(chosen.params, ...outMs, chosen.settings), m.tradeReturns(current.params, ...outMs, current.settings), {
    iterations: MONTE_CARLO_ITERATIONS,
    seed: seedOf(sweep.id, 'RISK', best.row.key),
  });
  const gain = chosenOut.roi - currentOut.roi;
  const deeper = chosenOut.maxDrawdownPercentage > currentOut.maxDrawdownPercentage * DRAWDOWN_TOLERANCE + 0.01;
  const rejectionReason =
    gain < ROI_MARGIN
      ? `out of sample its ROI ${pct(chosenOut.roi)} does not beat the current ${pct(currentOut.roi)} by ${ROI_MARGIN} points`
      : deeper
        ? `out of sample its drawdown ${chosenOut.maxDrawdownPercentage.toFixed(2)} % is more than ${DRAWDOWN_TOLERANCE}× the current ${currentOut.maxDrawdownPercentage.toFixed(2)} %`
        : null;
  const changedParams = Object.fromEntries(Object.entries(chosen.params).filter(([k, v]) => params[k] !== v));
  const sizeChanged = chosen.settings.positionSize !== settings.positionSize;
  return [
    {
      ...base,
      dedupeKey: `RISK:${sweep.id}:${best.row.key}`,
      current: { params: Object.fromEntries(Object.keys(changedParams).map((k) => [k, params[k]])), ...(sizeChanged && { settings: { positionSize: settings.positionSize } }) },
      recommended: { params: changedParams, ...(sizeChanged && { settings: { positionSize: chosen.settings.positionSize } }) },
      validation: {
        method: window === 0 ? 'HOLDOUT' : 'WALK_FORWARD',
        fromMs: outMs[0],
        toMs: outMs[1],
        current: sideOf(currentOut),
        recommended: sideOf(chosenOut),
        probabilityOfOutperforming: outperforms,
        inSample: { current: sideOf(currentIn), recommended: sideOf(best.row.metrics) },
      },
      rejectionReason,
      confidence: { support: 0.5, outOfSample: outperforms, validationTrades: chosenOut.totalTrades, consistency: gain > 0 ? 1 : 0, parametersOnEdge: 0 },
      rationale:
        `Keeping the other parameters, ${[
          ...Object.entries(changedParams).map(([k, v]) => `${k} ${params[k]} → ${v}`),
          ...(sizeChanged ? [`position size ${settings.positionSize} → ${chosen.settings.positionSize} (${settings.sizingMode})`] : []),
        ].join(', ')}: ` +
        `in sample ROI ${pct(best.row.metrics.roi)} against ${pct(currentIn.roi)}; out of sample ROI ${pct(chosenOut.roi)} (max drawdown ${chosenOut.maxDrawdownPercentage.toFixed(2)} %) ` +
        `against ${pct(currentOut.roi)} (${currentOut.maxDrawdownPercentage.toFixed(2)} %). It compounds to more in ${(outperforms * 100).toFixed(0)} % of ${MONTE_CARLO_ITERATIONS} bootstrap resamples.`,
      evidenceRowIds: [inRow.id, outRow.id],
    },
  ];
}

function riskBase(sweep: IOptimizationSweep, params: StrategyParams, settings: RunSettings): Omit<RecommendationDraft, 'dedupeKey' | 'rejectionReason' | 'rationale'> {
  return {
    type: 'RISK',
    sweepId: sweep.id,
    strategy: sweep.strategy,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    baseParams: params,
    baseSettings: settings,
    current: { params: {} },
    recommended: { params: {} },
    validation: { method: 'IN_SAMPLE_ONLY', fromMs: null, toMs: null, current: null, recommended: null },
    confidence: { support: 0.5, outOfSample: 0, validationTrades: 0, consistency: 0, parametersOnEdge: 0 },
    evidenceRowIds: [],
  };
}

/** Every stop × target × size combination the strategy's parameter bounds and the size bounds allow, the current one included. */
function riskGrid(specParams: ReadonlyArray<{ name: string; min?: number; max?: number }>, params: StrategyParams, settings: RunSettings, stopName: string | undefined): RiskSet[] {
  const within = (name: string, values: number[]) => {
    const spec = specParams.find((p) => p.name === name);
    const current = Number(params[name]);
    return [...new Set([...values, current])].filter((v) => spec && (spec.min === undefined || v >= spec.min) && (spec.max === undefined || v <= spec.max));
  };
  const stops = stopName ? within(stopName, stopName === 'stopLossPct' ? STOP_PCTS : ATR_MULTIPLES) : [undefined];
  const rewards = specParams.some((p) => p.name === 'riskReward') ? within('riskReward', REWARD_MULTIPLES) : [undefined];
  const cap = settings.sizingMode === 'FIXED_QUOTE' ? Number.POSITIVE_INFINITY : 100;
  const sizes = [...new Set(SIZE_FACTORS.map((f) => Math.min(cap, settings.positionSize * f)))];
  const sets: RiskSet[] = [];
  for (const stop of stops) {
    for (const reward of rewards) {
      for (const size of sizes) {
        sets.push({
          params: { ...params, ...(stopName && stop !== undefined && { [stopName]: stop }), ...(reward !== undefined && { riskReward: reward }) },
          settings: { ...settings, positionSize: size },
        });
      }
    }
  }
  return sets;
}
