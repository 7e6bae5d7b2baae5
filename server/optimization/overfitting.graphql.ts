import { PercentilesRef } from '../backtest/index.ts';
import { builder } from '../graphql/builder.ts';
import type { OverfittingReport } from './overfitting.ts';
import { OptimizationSweepRef } from './optimization.graphql.ts';

const PboRef = builder.objectRef<NonNullable<OverfittingReport['pbo']>>('ProbabilityOfBacktestOverfitting').implement({
  description:
    'Combinatorially symmetric cross-validation (Bailey, Borwein, López de Prado, Zhu 2015): the in-sample days cut into `blocks` blocks; ' +
    'for every split into two halves, the set best on one half is ranked on the other. PBO is the share of splits where it ranks in the bottom half.',
  fields: (t) => ({
    probability: t.exposeFloat('probability', { description: 'PBO in [0, 1]: above 0.5 the search picks worse than a coin flip out of sample; near 0 its choice holds' }),
    splits: t.exposeInt('splits'),
    configurations: t.exposeInt('configurations', { description: 'Parameter sets ranked' }),
    blocks: t.exposeInt('blocks'),
    logitPercentiles: t.field({ type: PercentilesRef, description: 'λ = logit of the chosen set’s relative out-of-sample rank, over the splits (λ ≤ 0: bottom half)', resolve: (p) => p.logitPercentiles }),
    probabilityOfLoss: t.exposeFloat('probabilityOfLoss', { description: 'Share of splits whose chosen set lost out of sample (Sharpe < 0)' }),
    degradationSlope: t.exposeFloat('degradationSlope', { nullable: true, description: 'Out-of-sample Sharpe against in-sample Sharpe of the chosen sets, least squares: near 0 or below, in-sample excellence did not carry' }),
    meanInSampleSharpe: t.exposeFloat('meanInSampleSharpe', { description: 'Annualised, of the chosen sets' }),
    meanOutOfSampleSharpe: t.exposeFloat('meanOutOfSampleSharpe', { description: 'Annualised, of the chosen sets' }),
  }),
});

const DeflatedSharpeRef = builder.objectRef<NonNullable<OverfittingReport['deflatedSharpe']>>('DeflatedSharpe').implement({
  description:
    'The Deflated Sharpe Ratio of the best in-sample row (Bailey and López de Prado 2014): the probability that its Sharpe ratio beats the best that ' +
    '`trials` sets without edge would show by luck, allowing for the skewness and kurtosis of its daily returns.',
  fields: (t) => ({
    ratio: t.exposeFloat('ratio', { nullable: true, description: 'DSR in [0, 1]: above 0.95 the best row’s Sharpe is unlikely to be selection luck' }),
    dailySharpe: t.exposeFloat('dailySharpe', { description: 'The best row’s Sharpe ratio per day (not annualised)' }),
    expectedMaximumDailySharpe: t.exposeFloat('expectedMaximumDailySharpe', { description: 'SR₀: the highest daily Sharpe expected from `trials` sets without edge' }),
    trials: t.exposeInt('trials', { description: 'Parameter sets evaluated to choose it' }),
    observations: t.exposeInt('observations', { description: 'Daily returns' }),
    skewness: t.exposeFloat('skewness'),
    kurtosis: t.exposeFloat('kurtosis', { description: 'Non-excess (3 for normal returns)' }),
  }),
});

const OverfittingRef = builder.objectRef<OverfittingReport>('OverfittingReport').implement({
  description: 'Whether the sweep’s choice is real: computed over the in-sample rows of the window it chooses from, when it completes',
  fields: (t) => ({
    window: t.exposeInt('window'),
    pbo: t.field({ type: PboRef, nullable: true, resolve: (r) => r.pbo }),
    pboReason: t.exposeString('pboReason', { nullable: true, description: 'Why pbo is null' }),
    deflatedSharpe: t.field({ type: DeflatedSharpeRef, nullable: true, resolve: (r) => r.deflatedSharpe }),
    deflatedSharpeReason: t.exposeString('deflatedSharpeReason', { nullable: true, description: 'Why deflatedSharpe is null' }),
  }),
});

builder.objectFields(OptimizationSweepRef, (t) => ({
  overfitting: t.field({
    type: OverfittingRef,
    nullable: true,
    description: 'Probability of Backtest Overfitting and Deflated Sharpe Ratio (null until the sweep completes)',
    resolve: (sweep) => (sweep.report?.overfitting ?? null) as OverfittingReport | null,
  }),
  pboBlocks: t.exposeInt('pboBlocks'),
  significanceLevel: t.exposeFloat('significanceLevel'),
}));
