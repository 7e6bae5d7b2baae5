import { METRICS, METRIC_NAMES, type MetricName } from '../engine/index.ts';
import { builder } from '../graphql/builder.ts';
import type { StoredResult } from './metric-columns.ts';

/**
 * The metric fields, the Metric enum and the metric sort keys, all generated from the engine's metric
 * list (engine/metric-definitions.ts): a metric added there is served, sortable and usable in
 * objectives without touching this file.
 */

/** winRate → WIN_RATE: GraphQL enum convention, mapped back to the engine's name. */
export const metricEnumName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

const UNIT_LABEL = { count: '', percent: ' (percent)', quote: ' (quote currency)', ratio: '', durationMs: ' (milliseconds)' } as const;

/** Enum values naming every metric (WIN_RATE → 'winRate'), for the Metric enum and the sort keys. */
export const metricEnumValues = () =>
  Object.fromEntries(METRIC_NAMES.map((name) => [metricEnumName(name), { value: name, description: METRICS[name].description }])) as Record<
    string,
    { value: MetricName; description: string }
  >;

export const MetricEnum = builder.enumType('Metric', {
  description: 'A statistic of a run, by its field name in BacktestMetrics',
  values: metricEnumValues(),
});

const MetricNullReason = builder.objectRef<{ metric: string; reason: string }>('MetricNullReason').implement({
  fields: (t) => ({ metric: t.exposeString('metric'), reason: t.exposeString('reason') }),
});

const SkippedEntry = builder.objectRef<{ reason: string; count: number }>('SkippedEntry').implement({
  description: 'Entry signals that did not become positions, for one reason',
  fields: (t) => ({
    reason: t.exposeString('reason', {
      description: 'SYMBOL_BUSY, MAX_OPEN_POSITIONS, STOP_BEYOND_FILL, TARGET_BEYOND_FILL, NO_STOP_FOR_RISK_SIZING, NO_EQUITY, INSUFFICIENT_CASH, ZERO_QUANTITY or BELOW_MIN_NOTIONAL (README: Simulation)',
    }),
    count: t.exposeInt('count'),
  }),
});

export const BacktestMetricsRef = builder.objectRef<StoredResult>('BacktestMetrics').implement({
  description: 'Every statistic of a completed run; formulas are in the README. A null value has its reason in nullReasons.',
  fields: (t) => ({
    ...Object.fromEntries(
      METRIC_NAMES.map((name) => {
        const definition = METRICS[name];
        const description = `${definition.description}${UNIT_LABEL[definition.unit]}`;
        if (definition.nullable) {
          const options = { nullable: true as const, description, resolve: (r: StoredResult) => r[name] ?? null };
          return [name, 'integer' in definition ? t.int(options) : t.float(options)];
        }
        const options = { description, resolve: (r: StoredResult) => r[name] ?? 0 };
        return [name, 'integer' in definition ? t.int(options) : t.float(options)];
      }),
    ),
    warmupBars: t.int({ description: 'Bars before the first decision (indicator warm-up)', resolve: (r) => r.warmupBars ?? 0 }),
    skippedEntries: t.field({
      type: [SkippedEntry],
      description: 'Entry signals that did not become positions, by reason: why a run traded less than it signalled',
      resolve: (r) => Object.entries(r.skippedEntries ?? {}).map(([reason, count]) => ({ reason, count: count ?? 0 })),
    }),
    entriesShrunkToCash: t.int({ description: 'Entries whose quantity was reduced to the cash available', resolve: (r) => r.entriesShrunkToCash ?? 0 }),
    nullReasons: t.field({
      type: [MetricNullReason],
      resolve: (r) => Object.entries(r.nullReasons ?? {}).map(([metric, reason]) => ({ metric, reason })),
    }),
  }),
});
