import { finalWindow, rowsAt } from '../optimization/index.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readRunSettings } from '../backtest/index.ts';
import { deflatedSharpe, getStrategy, resolveStrategyParams, type RunSettings, type StrategyParams } from '../engine/index.ts';
import { paramsKey, rankRows } from '../engine/optimizer/index.ts';
import type { IOptimizationSweep } from '../optimization/index.ts';
import { sameDays, type SweepMarket } from './evidence-runs.ts';
import { perYear, validationMinimum } from './parameter-recommendations.ts';
import { pct, sideOf, type RecommendationDraft } from './recommendation-draft.ts';
import { describeTest, pairedSignificance, passes, seedOf } from './significance.ts';

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
 * A RISK recommendation: stop, target and position size searched in sample around the current
 * parameters, judged risk-adjusted throughout, never on raw ROI (trading less is not an improvement):
 *  - in sample the sets are ranked by Sharpe ratio (at least minTrades trades), and the best is chosen;
 *  - it is tested once on the sweep's out-of-sample dates against the current settings with a paired
 *    bootstrap of the Sharpe ratios of their daily returns (significance.ts), and refused when its
 *    out-of-sample drawdown is more than DRAWDOWN_TOLERANCE × the current one, or its test made fewer than
 *    minTrades trades;
 *  - its confidence weighs the Deflated Sharpe Ratio of that choice among the grid's sets.
 * Small grids, evaluated here on the engine's lean path.
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
  const key = (set: RiskSet) => `${paramsKey(set.params)}|${set.settings.positionSize}`;
  const inSample = candidates.map((set) => ({ key: key(set), set, metrics: m.evaluate(set.params, set.settings, ...inMs).metrics }));
  const [best] = rankRows(inSample, 'SHARPE', { minTrades: sweep.minTrades });
  const base = riskBase(sweep, params, settings);
  if (!best || best.row.key === key(current)) {
    return [{ ...base, dedupeKey: `RISK:${sweep.id}:current`, rejectionReason: 'the current stop, target and size have the best Sharpe ratio in sample', rationale: `Of ${candidates.length} stop/target/size combinations, the current one has the best in-sample Sharpe ratio.` }];
  }
  const chosen = best.row.set;
  const currentIn = inSample.find((row) => row.key === key(current))!.metrics;
  const chosenInDaily = m.daily(chosen.params, ...inMs, chosen.settings);
  const dsr = deflatedSharpe({ returns: chosenInDaily.returns, trialSharpeRatios: inSample.flatMap((row) => (row.metrics.sharpeRatio === null ? [] : [row.metrics.sharpeRatio])), trials: inSample.length });
  const chosenOut = m.daily(chosen.params, ...outMs, chosen.settings);
  const currentOut = m.daily(current.params, ...outMs, current.settings);
  const days = sameDays(chosenOut, currentOut);
  const result = pairedSignificance('SHARPE_RATIO', days.a, days.b, sweep.significanceLevel, seedOf(sweep.id, 'RISK', best.row.key));
  const test = 'errors' in result ? null : result;
  const minValidationTrades = validationMinimum(sweep, inRow, outRow);
  const thin = chosenOut.metrics.totalTrades < minValidationTrades;
  const deeper = chosenOut.metrics.maxDrawdownPercentage > currentOut.metrics.maxDrawdownPercentage * DRAWDOWN_TOLERANCE + 0.01;
  const rejectionReason = thin
    ? `thin evidence: out of sample it made ${chosenOut.metrics.totalTrades} trades, fewer than the ${minValidationTrades} required`
    : test === null
      ? 'its out-of-sample days could not be compared with the current settings’'
      : !passes(test)
        ? `not significant: ${describeTest(test)}`
        : deeper
          ? `out of sample its drawdown ${chosenOut.metrics.maxDrawdownPercentage.toFixed(2)} % is more than ${DRAWDOWN_TOLERANCE}× the current ${currentOut.metrics.maxDrawdownPercentage.toFixed(2)} %`
          : null;
  const changedParams = Object.fromEntries(Object.entries(chosen.params).filter(([k, v]) => params[k] !== v));
  const sizeChanged = chosen.settings.positionSize !== settings.positionSize;
  const sharpe = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
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
        current: sideOf(currentOut.metrics),
        recommended: sideOf(chosenOut.metrics),
        test,
        overfitting: { probabilityOfOverfitting: null, deflatedSharpeRatio: 'errors' in dsr ? null : dsr.deflatedSharpeRatio },
        perYear: perYear(chosenOut, currentOut),
        inSample: { current: sideOf(currentIn), recommended: sideOf(best.row.metrics) },
      },
      rejectionReason,
      confidence: { probability: test ? 1 - test.pValue : 0.5, probabilityOfOverfitting: null, deflatedSharpeRatio: 'errors' in dsr ? null : dsr.deflatedSharpeRatio },
      rationale:
        `Keeping the other parameters, ${[
          ...Object.entries(changedParams).map(([k, v]) => `${k} ${params[k]} → ${v}`),
          ...(sizeChanged ? [`position size ${settings.positionSize} → ${chosen.settings.positionSize} (${settings.sizingMode})`] : []),
        ].join(', ')}, chosen in sample by Sharpe ratio (${sharpe(best.row.metrics.sharpeRatio)} against ${sharpe(currentIn.sharpeRatio)}): ` +
        `out of sample Sharpe ${sharpe(chosenOut.metrics.sharpeRatio)} and max drawdown ${chosenOut.metrics.maxDrawdownPercentage.toFixed(2)} % ` +
        `against ${sharpe(currentOut.metrics.sharpeRatio)} and ${currentOut.metrics.maxDrawdownPercentage.toFixed(2)} % (ROI ${pct(chosenOut.metrics.roi)} against ${pct(currentOut.metrics.roi)}).` +
        (test ? ` Tested once: ${describeTest(test)}.` : ''),
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
    confidence: { probability: 0.5, probabilityOfOverfitting: null, deflatedSharpeRatio: null },
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
