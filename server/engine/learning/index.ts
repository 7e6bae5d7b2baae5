export { featureVector, marketFeatures, type MarketFeatures } from './market-features.ts';
export { fitScoreModel, type ScoreModel, type TrainingMarket, type TrainingRow } from './score-model.ts';
