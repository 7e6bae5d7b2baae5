import { TIE_RELATIVE, crossingAt, nextCrossing } from '../indicators/crossing.ts';
import { warmupOf } from '../indicators/warmup.ts';
import type { HigherTimeframe } from '../resample.ts';
import { prepareStops } from './stops.ts';
import type { PreparedStrategy, Signal, StrategyContext } from './types.ts';
import { LONG, SHORT } from './types.ts';

export interface TrendFilter {
  readonly htf: HigherTimeframe;
  readonly ma: Float64Array;
}

/**
 * Moving-average crossover shared by sma_cross and ema_cross. LONG on the bar where the fast average
 * crosses above the slow one, SHORT where it crosses below, by the tie rule of indicators/crossing.ts
 * (differences within a few ulps are ties, and a crossover is a change of side). Confidence = min(1, |fast − slow| / slow × 100):
 * a 1 % gap between the averages is full confidence. An optional higher-timeframe filter keeps only
 * longs above (shorts below) its moving average, reading only closed higher-timeframe candles.
 */
export function prepareCross(ctx: StrategyContext, fast: Float64Array, slow: Float64Array, filter: TrendFilter | null): PreparedStrategy {
  const close = ctx.series.close;
  const stops = prepareStops(ctx);
  // decide reads bar i−1, hence + 1.
  let warmup = warmupOf(fast, slow, stops.atr ?? []) + 1;
  if (filter !== null) {
    const firstDefined = warmupOf(filter.ma);
    let i = 0;
    while (i < ctx.series.length && filter.htf.visibleAt[i] < firstDefined) i++;
    warmup = Math.max(warmup, i);
  }
  const visibleAt = filter?.htf.visibleAt;
  const htfClose = filter?.htf.series.close;
  const htfMa = filter?.ma;
  return {
    warmup,
    decide(i: number, out: Signal): void {
      // The common bar in few bytes (the bar loop inlines this): the same strict side as the bar before, which
      // is clearly no tie (|a − b| > 2 × the band bounds it), so no crossing (crossing.ts has the rule in full).
      const now = fast[i] - slow[i], before = fast[i - 1] - slow[i - 1];
      if (now * before > 0 && Math.abs(before) > 2 * TIE_RELATIVE * Math.abs(slow[i - 1])) return;
      const crossing = crossingAt(fast, slow, i);
      if (crossing === 0) return;
      const direction = crossing > 0 ? LONG : SHORT;
      if (visibleAt !== undefined && htfClose !== undefined && htfMa !== undefined) {
        const j = visibleAt[i];
        const up = htfClose[j] > htfMa[j];
        if (up !== (direction === LONG)) return;
      }
      const gapPct = (Math.abs(now) / slow[i]) * 100;
      out.direction = direction;
      out.confidence = gapPct > 1 ? 1 : gapPct;
      stops.apply(i, direction, close[i], out);
    },
    // decide's crossing test alone: decide returns before touching `out` unless it holds.
    nextDecision: (from: number, to: number): number => nextCrossing(fast, slow, from, to),
    indicatorsAt(i: number): Record<string, number> {
      const values: Record<string, number> = { fast: fast[i], slow: slow[i] };
      if (stops.atr !== null) values.atr = stops.atr[i];
      if (filter !== null && filter.htf.visibleAt[i] >= 0) values.htfMa = filter.ma[filter.htf.visibleAt[i]];
      return values;
    },
  };
}
