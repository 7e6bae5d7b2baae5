import { isTerminal } from '../../../../domain/statuses.ts';
import type { ResultOf } from '../../graphql.ts';
import type { BACKTEST_EQUITY, BACKTEST_PROGRESS } from './operations.ts';

/** Pure folds of a run's live streams (tested in web/test/live-run.test.ts). */

export type RunStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export type ProgressEvent = ResultOf<typeof BACKTEST_PROGRESS>['backtestProgress'];

export interface ProgressState extends ProgressEvent {
  /** Events received so far. */
  readonly updates: number;
  /** First event with bars done, and the latest: what the rate and ETA are measured over. */
  readonly rateFrom: { readonly atMs: number; readonly bars: number } | null;
  readonly rateTo: { readonly atMs: number; readonly bars: number } | null;
}

/**
 * Folds one progress event in. A new run id starts over; an event that would move the same
 * status backwards (a late delivery) is ignored, and terminal states stick.
 */
export function foldProgress(prev: ProgressState | null, event: ProgressEvent, nowMs: number): ProgressState {
  const sample = event.barsProcessed > 0 ? { atMs: nowMs, bars: event.barsProcessed } : null;
  if (!prev || prev.backtestId !== event.backtestId) return { ...event, updates: 1, rateFrom: sample, rateTo: sample };
  if (isTerminal(prev.status)) return prev;
  if (event.status === prev.status && event.barsProcessed < prev.barsProcessed) return { ...prev, updates: prev.updates + 1 };
  const rateFrom = prev.rateFrom ?? sample;
  return { ...event, updates: prev.updates + 1, rateFrom, rateTo: sample ?? prev.rateTo };
}

/** Bars per second between the first and latest samples, or null before two samples exist. */
export function barsPerSecond(state: ProgressState | null): number | null {
  if (!state?.rateFrom || !state.rateTo) return null;
  const seconds = (state.rateTo.atMs - state.rateFrom.atMs) / 1000;
  const bars = state.rateTo.bars - state.rateFrom.bars;
  return seconds > 0 && bars > 0 ? bars / seconds : null;
}

/** Milliseconds left at the measured rate. */
export function etaMs(state: ProgressState | null): number | null {
  const rate = barsPerSecond(state);
  if (!state || rate === null || isTerminal(state.status)) return null;
  return (Math.max(0, state.totalBars - state.barsProcessed) / rate) * 1000;
}

export interface EquityPoint {
  readonly timeMs: number;
  readonly equity: number;
  readonly drawdown: number;
}

export interface EquityState {
  readonly points: readonly EquityPoint[];
  /** Batches that added points while the run was still going. */
  readonly liveBatches: number;
  readonly done: boolean;
  /** No event yet from this subscription: its first one carries the run's points so far. */
  readonly awaitingSnapshot: boolean;
}

export const EMPTY_EQUITY: EquityState = { points: [], liveBatches: 0, done: false, awaitingSnapshot: true };

type EquityEvent = ResultOf<typeof BACKTEST_EQUITY>['backtestEquity'];

/**
 * Appends a batch. The subscription's first batch is the points so far, which the server saves with
 * the run's progress only now and then: points this page already held beyond them (kept across a
 * reload) stay. Later, a point at or before the last one means the run restarted (a retry after a
 * crash recomputes the same curve), so the points from there on are replaced. The final stored
 * curve (done with points) replaces the live one.
 */
export function foldEquity(prev: EquityState, event: EquityEvent): EquityState {
  const incoming = event.points.map((p) => ({ timeMs: Date.parse(p.timestamp), equity: p.equity, drawdown: p.drawdown }));
  const live = incoming.length > 0 && !event.done ? 1 : 0;
  if (event.done && incoming.length > 0) return { points: incoming, liveBatches: prev.liveBatches, done: true, awaitingSnapshot: false };
  if (prev.awaitingSnapshot) {
    const last = incoming.length > 0 ? incoming[incoming.length - 1].timeMs : Number.NEGATIVE_INFINITY;
    return { points: [...incoming, ...prev.points.filter((p) => p.timeMs > last)], liveBatches: prev.liveBatches + live, done: event.done, awaitingSnapshot: false };
  }
  if (incoming.length === 0) return event.done ? { ...prev, done: true } : prev;
  let kept = prev.points;
  const firstNew = incoming[0].timeMs;
  if (kept.length > 0 && firstNew <= kept[kept.length - 1].timeMs) kept = kept.filter((p) => p.timeMs < firstNew);
  return { points: [...kept, ...incoming], liveBatches: prev.liveBatches + live, done: event.done, awaitingSnapshot: false };
}
