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
 * Moving-average crossover shared by sma_cross and ema_cross. LONG on the bar where fast − slow turns
 * from <= 0 to > 0, SHORT where it turns from >= 0 to < 0. Confidence = min(1, |fast − slow| / slow × 100):
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
      const before = fast[i - 1] - slow[i - 1];
      const now = fast[i] - slow[i];
      let direction: number;
      if (before <= 0 && now > 0) direction = LONG;
      else if (before >= 0 && now < 0) direction = SHORT;
      else return;
      if (visibleAt !== undefined && htfClose !== undefined && htfMa !== undefined) {
        const j = visibleAt[i];
        const up = htfClose[j] > htfMa[j];
        if (up !== (direction === LONG)) return;
      }
      const gapPct = ((now < 0 ? -now : now) / slow[i]) * 100;
      out.direction = direction;
      out.confidence = gapPct > 1 ? 1 : gapPct;
      stops.apply(i, direction, close[i], out);
    },
    // decide's crossing test alone, over locals: decide returns before touching `out` unless it holds.
    nextDecision(from: number, to: number): number {
      const f = fast, s = slow;
      let before = f[from - 1] - s[from - 1];
      for (let i = from; i < to; i++) {
        const now = f[i] - s[i];
        if ((before <= 0 && now > 0) || (before >= 0 && now < 0)) return i;
        before = now;
      }
      return to;
    },
    indicatorsAt(i: number): Record<string, number> {
      const values: Record<string, number> = { fast: fast[i], slow: slow[i] };
      if (stops.atr !== null) values.atr = stops.atr[i];
      if (filter !== null && filter.htf.visibleAt[i] >= 0) values.htfMa = filter.ma[filter.htf.visibleAt[i]];
      return values;
    },
  };
}
