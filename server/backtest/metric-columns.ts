import { defineEntity } from '@mikro-orm/core';
import { METRICS, METRIC_NAMES, type MetricName, type Metrics } from '../engine/index.ts';
import type { SkipReason } from '../engine/index.ts';

/**
 * The stored form of a run's statistics, shared by backtest runs and sweep rows: one column per metric
 * of engine/metric-definitions.ts (sortable, aggregatable, comparable across objectives without a
 * re-run) plus what explains them (null reasons, warm-up, entries that never became positions).
 */
const p = defineEntity.properties;
const metricColumn = (name: MetricName) => (METRICS[name] as { integer?: boolean }).integer ? p.integer().nullable() : p.double().$type<number>().nullable();

type MetricColumns = { [K in MetricName]: ReturnType<typeof metricColumn> };

/** Columns of a stored result (all nullable: a run has none until it completes). */
export function resultColumns() {
  const metrics = Object.fromEntries(METRIC_NAMES.map((name) => [name, metricColumn(name)])) as MetricColumns;
  return {
    ...metrics,
    /** metric name → why it is null. */
    nullReasons: p.json<Record<string, string>>().nullable(),
    /** Bars before the first decision (the strategies' indicator warm-up). */
    warmupBars: p.integer().nullable(),
    /** Entry signals that did not become positions, by reason (cash, size, limits…). */
    skippedEntries: p.json<Partial<Record<SkipReason, number>>>().nullable(),
    /** Entries whose quantity was reduced to the cash available. */
    entriesShrunkToCash: p.integer().nullable(),
  };
}

/** What the engine reports besides the trades and the curve. */
export interface ResultSummary {
  readonly metrics: Metrics;
  readonly warmupBars: number;
  readonly skippedEntries: Readonly<Partial<Record<SkipReason, number>>>;
  readonly entriesShrunkToCash: number;
}

/** A stored result, as read back from either entity. */
export type StoredResult = { readonly [K in MetricName]?: number | null } & {
  readonly nullReasons?: Record<string, string> | null;
  readonly warmupBars?: number | null;
  readonly skippedEntries?: Partial<Record<SkipReason, number>> | null;
  readonly entriesShrunkToCash?: number | null;
};

/** The column values of a result, for either entity. */
export function resultColumnValues(result: ResultSummary) {
  const m = result.metrics;
  return {
    ...(Object.fromEntries(METRIC_NAMES.map((name) => [name, m[name]])) as { [K in MetricName]: Metrics[K] }),
    nullReasons: { ...m.nullReasons },
    warmupBars: result.warmupBars,
    skippedEntries: { ...result.skippedEntries },
    entriesShrunkToCash: result.entriesShrunkToCash,
  };
}

/** A stored result's metrics as the engine reports them (for scoring stored rows). */
export function metricsOf(stored: StoredResult): Metrics {
  const values = Object.fromEntries(METRIC_NAMES.map((name) => [name, stored[name] ?? (METRICS[name].nullable ? null : 0)]));
  return { ...(values as Pick<Metrics, MetricName>), nullReasons: stored.nullReasons ?? {} };
}
