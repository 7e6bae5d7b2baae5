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

/**
 * Makes the configuration a recommendation was validated with the preset: all its parameters, and the
 * settings it changed. Values of an earlier recommendation are never merged in: the two were validated
 * apart, not together, so where the preset held other values they are replaced, and the returned note
 * names them.
 */
export async function upsertPreset(
  em: EntityManager,
  key: { strategy: string; symbol: string; timeframe: string },
  values: { params: StrategyParams; settings: Partial<RunSettings>; validatedSettings: RunSettings },
  recommendationId: string,
): Promise<{ preset: IStrategyPreset; note: string | null }> {
  const existing = await presetFor(em, key.strategy, key.symbol, key.timeframe);
  const preset =
    existing ??
    em.create(StrategyPreset, { id: randomUUID(), strategy: key.strategy, symbol: key.symbol, timeframe: key.timeframe, params: {}, settings: {}, updatedAt: new Date() });
  const { params, settings, validatedSettings } = values;
  const validated: Record<string, unknown> = { ...validatedSettings, ...params };
  const replaced = [...Object.entries(preset.params), ...Object.entries(preset.settings)].filter(([name, value]) => validated[name] !== value);
  const note =
    replaced.length === 0
      ? null
      : `The preset held ${replaced.map(([name, value]) => `${name} ${value}`).join(', ')} from an earlier recommendation; ` +
        'those were never validated together with this one, so the preset now holds this recommendation’s validated configuration instead.';
  preset.params = { ...params };
  preset.settings = { ...settings };
  preset.recommendation = em.getReference(OptimizationRecommendation, recommendationId);
  preset.updatedAt = new Date();
  await em.flush();
  return { preset, note };
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
