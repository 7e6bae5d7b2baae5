import { createPubSub, type PubSub } from 'graphql-yoga';
import type { BacktestChangeEvent, BacktestEquityEvent, BacktestProgressEvent } from '../backtest/backtest.events.ts';
import type { DataFetchProgressEvent } from '../market-data/market-data.events.ts';
import type { OptimizationProgressEvent } from '../optimization/optimization.events.ts';
import type { PostgresEventTarget } from './postgres-event-target.ts';

/** Every live topic, keyed by name; the second tuple element is the payload. */
export type Topics = {
  backtestProgress: [backtestId: string, event: BacktestProgressEvent];
  backtestEquity: [backtestId: string, event: BacktestEquityEvent];
  /** Every run's creation, status or stored-progress change, and deletion. */
  backtestChanged: [event: BacktestChangeEvent];
  dataFetchProgress: [fetchId: string, event: DataFetchProgressEvent];
  optimizationProgress: [sweepId: string, event: OptimizationProgressEvent];
  /** Every sweep's creation, status or stored-progress change, and deletion. */
  sweepChanged: [event: { kind: 'CREATED' | 'UPDATED' | 'DELETED'; sweepId: string }];
  /** A chunk of a sweep stored its rows: its coordinator counts them now instead of at its next poll. */
  sweepChunkStored: [sweepId: string, event: { sweepId: string }];
  /** A job was queued: idle workers of that queue, in any process, fetch at once instead of at their next poll. */
  jobQueued: [event: { queue: string }];
  /** Every new recommendation, whatever produced it. */
  recommendationCreated: [event: { recommendationId: string; sweepId: string | null }];
  /** Every recommendation a completed sweep yields has been drawn (what ends recommendationCreated(sweepId)). */
  recommendationsDrawn: [event: { sweepId: string }];
  /** A recommendation's status or realised result changed. */
  recommendationUpdated: [event: { recommendationId: string }];
  /**
   * This process listens to events again after losing its connection (a database restart): events
   * published meanwhile were missed, so live streams read their stored state again. Local only.
   */
  eventsResumed: [event: Record<string, never>];
  /** A stored token was revoked (by any process, the token script included): its open sockets close at once. */
  tokenRevoked: [event: { principalId: string }];
};

export type AppPubSub = PubSub<Topics>;

export function createAppPubSub(eventTarget: PostgresEventTarget): AppPubSub {
  return createPubSub<Topics>({ eventTarget: eventTarget as never });
}
