export { featureVector, marketFeatures, type MarketFeatures } from './market-features.ts';
export { featureKernel, fitOutcomeModel, fitScoreModel, type MarketOutcome, type OutcomeModel, type ScoreModel, type TrainingMarket, type TrainingRow } from './score-model.ts';
