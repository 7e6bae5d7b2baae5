import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { RunSettings } from '../engine/index.ts';
import { OptimizationRecommendation } from './optimization-recommendation.entity.ts';

/**
 * The current settings for a strategy on one symbol and timeframe: what an applied recommendation
 * leaves behind, and what new runs and sweeps of that strategy, symbol and timeframe start from when
 * they do not say otherwise.
 */
export const StrategyPreset = defineEntity({
  name: 'StrategyPreset',
  tableName: 'strategy_preset',
  uniques: [{ properties: ['strategy', 'symbol', 'timeframe'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    strategy: p.string().length(64),
    symbol: p.string().length(40),
    timeframe: p.string().length(8),
    params: p.json<Record<string, number | boolean>>(),
    /** Risk and sizing settings a RISK recommendation set (the rest take their defaults). */
    settings: p.json<Partial<RunSettings>>(),
    recommendation: p.manyToOne(OptimizationRecommendation).nullable().deleteRule('set null'),
    updatedAt: p.datetime().defaultRaw('now()'),
  }),
});

export type IStrategyPreset = InferEntity<typeof StrategyPreset>;
