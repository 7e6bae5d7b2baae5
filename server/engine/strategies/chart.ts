import type { CandleSeries, StrategyParams } from '../contract.ts';
import { IndicatorCache } from '../indicators/cache.ts';
import { resample } from '../resample.ts';
import { resolveParamsFor } from './params.ts';
import type { StrategyModule } from './types.ts';

/** One of a strategy's own lines over a series: on the price scale (`pane` null) or in a pane of its own. */
export interface IndicatorLine {
  readonly name: string;
  readonly pane: string | null;
  /** One value per candle of the series; NaN during the warm-up (and where the line has no value). */
  readonly values: Float64Array;
}

/**
 * The lines a strategy's chart declaration names (types.ts StrategyChart), computed as a run computes
 * them: prepared once on the whole series, read bar by bar through indicatorsAt.
 */
export function indicatorLines(module: StrategyModule, series: CandleSeries, params: StrategyParams, cache = new IndicatorCache()): IndicatorLine[] {
  const resolved = resolveParamsFor(module, params);
  if ('errors' in resolved) throw new Error(resolved.errors.join('; '));
  const prepared = module.prepare({
    series,
    params: resolved.params,
    cache,
    higherTimeframe: (intervalMs) => cache.get(series, `resample:${intervalMs}`, () => resample(series, intervalMs)),
  });
  const wanted: Array<{ name: string; pane: string | null }> = [
    ...(module.chart.price ?? []).map((name) => ({ name, pane: null })),
    ...Object.entries(module.chart.panes ?? {}).flatMap(([pane, names]) => names.map((name) => ({ name, pane }))),
  ];
  const lines = wanted.map((w) => ({ ...w, values: new Float64Array(series.length).fill(NaN) }));
  for (let i = 0; i < series.length; i++) {
    const at = prepared.indicatorsAt(i);
    for (const line of lines) {
      const value = at[line.name];
      if (value !== undefined) line.values[i] = value;
    }
  }
  // A line the strategy did not compute with these parameters (the trend filter when it is off) is left out.
  return lines.filter((line) => line.values.some((v) => v === v));
}
