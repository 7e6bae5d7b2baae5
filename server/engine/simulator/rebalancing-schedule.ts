import type { BacktestConfig } from '../contract.ts';

// When and to what a run rebalances (rebalancing.ts does it): its schedule and each symbol's target weight.

/** How a run rebalances: every `everyBars` bars of the range, or when the calendar period of a bar's open changes. */
export type RebalancingSchedule = { readonly everyBars: number } | { readonly periodOf: (timeMs: number) => number };

const DAY_MS = 86_400_000;
/** 1970-01-01 was a Thursday: three days on from the Monday that starts its week. */
const EPOCH_DAYS_AFTER_MONDAY = 3;
/** A period's number for an open time: equal for times in the same UTC day, week (from Monday) or month. */
const CALENDAR_PERIODS = {
  DAILY: (timeMs: number) => Math.floor(timeMs / DAY_MS),
  WEEKLY: (timeMs: number) => Math.floor((Math.floor(timeMs / DAY_MS) + EPOCH_DAYS_AFTER_MONDAY) / 7),
  MONTHLY: (timeMs: number) => {
    const date = new Date(timeMs);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  },
} as const;

/** The schedule a run's settings ask for; null when it does not rebalance. */
export function rebalancingScheduleOf(config: Pick<BacktestConfig, 'rebalanceSchedule' | 'rebalanceEveryBars'>): RebalancingSchedule | null {
  const schedule = config.rebalanceSchedule ?? 'BARS';
  if (schedule !== 'BARS') return { periodOf: CALENDAR_PERIODS[schedule] };
  return config.rebalanceEveryBars != null ? { everyBars: config.rebalanceEveryBars } : null;
}

/** Each symbol's target weight: the listed ones, 0 for the others; none listed: equal weight, 1 / maxOpenPositions (a full book fully invested). */
export function targetWeightsOf(config: Pick<BacktestConfig, 'rebalanceWeights' | 'maxOpenPositions'>, symbols: readonly string[]): Float64Array {
  const listed = config.rebalanceWeights ?? [];
  if (listed.length === 0) return new Float64Array(symbols.length).fill(1 / config.maxOpenPositions);
  const weights = new Map(listed.map(({ symbol, weight }) => [symbol, weight]));
  return Float64Array.from(symbols, (symbol) => weights.get(symbol) ?? 0);
}

/** Timeline bar `bar` (its open at timeMs[bar]) is on the schedule; never the range's first bar, at whose open nothing is held. */
export function isScheduled(schedule: RebalancingSchedule, timeMs: Float64Array, startBar: number, bar: number): boolean {
  if (bar <= startBar) return false;
  if ('everyBars' in schedule) return (bar - startBar) % schedule.everyBars === 0;
  return schedule.periodOf(timeMs[bar]) !== schedule.periodOf(timeMs[bar - 1]);
}
