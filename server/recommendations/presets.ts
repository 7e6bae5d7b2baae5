import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RunSettings, StrategyParams } from '../engine/index.ts';
import { OptimizationRecommendation } from './optimization-recommendation.entity.ts';
import { StrategyPreset, type IStrategyPreset } from './strategy-preset.entity.ts';

/** The preset new runs and sweeps of this strategy, symbol and timeframe start from, if one was applied. */
export async function presetFor(em: EntityManager, strategy: string, symbol: string, timeframe: string): Promise<IStrategyPreset | null> {
  return em.findOne(StrategyPreset, { strategy, symbol: symbol.trim().toUpperCase(), timeframe });
}

export async function listPresets(em: EntityManager, strategy?: string | null): Promise<IStrategyPreset[]> {
  return em.find(StrategyPreset, strategy ? { strategy } : {}, { orderBy: { strategy: 'asc', symbol: 'asc', timeframe: 'asc' } });
}

/** Makes these the preset values (merged over what the preset held), recording which recommendation set them. */
export async function upsertPreset(
  em: EntityManager,
  key: { strategy: string; symbol: string; timeframe: string },
  values: { params?: StrategyParams; settings?: Partial<RunSettings> },
  recommendationId: string,
): Promise<IStrategyPreset> {
  const existing = await presetFor(em, key.strategy, key.symbol, key.timeframe);
  const preset =
    existing ??
    em.create(StrategyPreset, { id: randomUUID(), strategy: key.strategy, symbol: key.symbol, timeframe: key.timeframe, params: {}, settings: {}, updatedAt: new Date() });
  preset.params = { ...preset.params, ...values.params };
  preset.settings = { ...preset.settings, ...values.settings };
  preset.recommendation = em.getReference(OptimizationRecommendation, recommendationId);
  preset.updatedAt = new Date();
  await em.flush();
  return preset;
}

/**
 * A request's strategy parameters and settings with the preset's underneath: what the request gives
 * wins, what it leaves out comes from the preset (and then from the defaults).
 */
export async function withPresetDefaults<T extends { strategy: string; symbols: readonly string[]; timeframe: string; strategyParams?: unknown }>(
  em: EntityManager,
  request: T,
): Promise<{ request: T; preset: IStrategyPreset | null }> {
  const symbol = request.symbols[0];
  const preset = symbol ? await presetFor(em, request.strategy, symbol, request.timeframe) : null;
  if (!preset) return { request, preset: null };
  const given = typeof request.strategyParams === 'string' ? safeJson(request.strategyParams) : request.strategyParams;
  const params = given && typeof given === 'object' && !Array.isArray(given) ? { ...preset.params, ...given } : given === undefined || given === null ? preset.params : given;
  const settings = Object.fromEntries(Object.entries(preset.settings).filter(([key]) => (request as Record<string, unknown>)[key] === undefined));
  return { request: { ...settings, ...request, strategyParams: params }, preset };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // the request's own validation reports it
  }
}
