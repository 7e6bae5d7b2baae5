import { builder } from '../graphql/builder.ts';
import { MetricEnum } from '../backtest/index.ts';
import { SortDirectionEnum } from '../backtest/index.ts';
import { OBJECTIVE_NAMES, ROW_PHASES, SEARCH_METHODS, WALK_FORWARD_MODES } from './sweep-spec.ts';

/** Enums and inputs of the sweep API: objectives, search methods, out-of-sample validation. */

export const ObjectiveNameEnum = builder.enumType('ObjectiveName', {
  values: {
    COMPOSITE: { description: '0.4 win rate + 0.3 ROI + 0.2 Sharpe + 0.1 profit factor, each mapped onto [0, 1] first (README: Objectives)' },
    SHARPE: { description: 'Sharpe ratio' },
    SORTINO: { description: 'Sortino ratio' },
    CALMAR: { description: 'Calmar ratio (CAGR / max drawdown)' },
    ROI: { description: 'Return on the initial capital' },
    PROFIT_FACTOR: { description: 'Gross profit / gross loss, capped (README: Objectives)' },
    SQN: { description: "Van Tharp's system quality number" },
    EXPECTANCY: { description: 'Mean P/L per trade' },
    CUSTOM: { description: 'Weighted sum of normalised metrics given in weights' },
  } satisfies Record<(typeof OBJECTIVE_NAMES)[number], { description: string }>,
});

export const SearchMethodEnum = builder.enumType('SearchMethod', {
  values: {
    GRID: { description: 'Every combination of the ranges' },
    RANDOM: { description: 'A seeded random sample of the combinations, `budget` of them' },
    ADAPTIVE: { description: 'Spends `budget` evaluations near the best regions found so far (seeded)' },
  } satisfies Record<(typeof SEARCH_METHODS)[number], { description: string }>,
});

export const WalkForwardModeEnum = builder.enumType('WalkForwardMode', {
  values: {
    ROLLING: { description: 'Windows of equal length slide along the range' },
    ANCHORED: { description: 'Every in-sample part starts at the beginning of the range and grows' },
  } satisfies Record<(typeof WALK_FORWARD_MODES)[number], { description: string }>,
});

export const RowPhaseEnum = builder.enumType('RowPhase', {
  values: {
    IN_SAMPLE: { description: 'Measured on the data the search ranked on' },
    OUT_OF_SAMPLE: { description: 'Measured on data the search never saw (hold-out tail or walk-forward test window)' },
  } satisfies Record<(typeof ROW_PHASES)[number], { description: string }>,
});

const MetricWeightInput = builder.inputType('MetricWeightInput', {
  fields: (t) => ({
    metric: t.field({ type: MetricEnum, required: true }),
    weight: t.float({ required: true, description: 'Negative weights penalise a metric' }),
  }),
});

export const ObjectiveInput = builder.inputType('ObjectiveInput', {
  fields: (t) => ({
    name: t.field({ type: ObjectiveNameEnum, required: true }),
    weights: t.field({ type: [MetricWeightInput], description: 'CUSTOM only' }),
  }),
});

export const SearchInput = builder.inputType('SearchInput', {
  fields: (t) => ({
    method: t.field({ type: SearchMethodEnum, required: true }),
    budget: t.int({ description: 'RANDOM and ADAPTIVE: parameter sets to evaluate at most' }),
    seed: t.int({ description: 'RANDOM and ADAPTIVE: the same seed gives the same rows (default 1)' }),
    learnedStart: t.boolean({
      description:
        'ADAPTIVE: start from the sets a model of the strategy’s sweeps on other markets predicts best for this market’s features (default true; the sweep’s learnedStart says what it used)',
    }),
  }),
});

const WalkForwardInput = builder.inputType('WalkForwardInput', {
  fields: (t) => ({
    windows: t.int({ required: true, description: 'Number of in-sample/out-of-sample windows (2–20)' }),
    mode: t.field({ type: WalkForwardModeEnum, defaultValue: 'ROLLING' }),
    inSampleFraction: t.float({ defaultValue: 0.7, description: 'In-sample share of each window (0.2–0.95)' }),
  }),
});

export const ValidationInput = builder.inputType('ValidationInput', {
  description:
    'Test what the search finds on data it never saw: a hold-out tail or walk-forward windows (one of them). ' +
    'Left out, a sweep holds out the last 25 %; given with neither field, it stays in sample (and yields no recommendation).',
  fields: (t) => ({
    holdoutFraction: t.float({ description: 'Keep this last fraction of the range out of the search (0.05–0.5) and test the best rows on it' }),
    walkForward: t.field({ type: WalkForwardInput }),
  }),
});

export const OptimizationOrderInput = builder.inputType('OptimizationOrder', {
  fields: (t) => ({
    metric: t.field({ type: MetricEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, required: true, defaultValue: 'DESC' }),
  }),
});
