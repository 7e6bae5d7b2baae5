import { getNamedType, isListType, isNonNullType, type GraphQLField, type GraphQLOutputType } from 'graphql';
import { intervalMs, isInterval } from '../market-data/intervals.ts';

/**
 * What a field costs in the complexity budget (CANDLELAB_MAX_QUERY_COST per operation, checked
 * before any resolver runs). A point stands for roughly the same work everywhere: reading and
 * analysing about 50 stored rows (candles, equity points, trades). Measured here: a data-quality
 * scan takes ~3.4 µs per candle, so the default budget of 20,000 points (1M candles) caps one
 * request at a few seconds of work, whatever it aliases.
 */
export const ROWS_PER_POINT = 50;

/** Page size a connection is charged for when the query names none (pagedConnection's default). */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;
const DEFAULT_LIST_MULTIPLIER = 10;

/** Candles in [from, to) at the requested interval: what `candles` and `dataQuality` read. */
export function candleRangeCost(args: { interval?: unknown; from?: unknown; to?: unknown }): number {
  const stepMs = typeof args.interval === 'string' && isInterval(args.interval) ? intervalMs(args.interval) : 60_000;
  const span = toMs(args.to) - toMs(args.from);
  if (!Number.isFinite(span) || span <= 0) return 1;
  return 1 + Math.ceil(Math.min(span / stepMs, 1e12) / ROWS_PER_POINT);
}

/** Reading a run's stored equity series (at most STORED_EQUITY_POINTS = 2,000 rows) before thinning it. */
export const EQUITY_SERIES_COST = 40;

/**
 * The default for fields without a cost of their own: 1, and a list multiplies what is selected
 * inside it by 10, except a connection, which multiplies by the page size asked for (first/last).
 */
export function defaultFieldCost<Context>(args: Record<string, unknown>, _ctx: Context, field: GraphQLField<unknown, Context>) {
  if (field.args.some((arg) => arg.name === 'first') && getNamedType(field.type).name.endsWith('Connection')) {
    const size = Number(args.first ?? args.last ?? DEFAULT_PAGE);
    return { field: 1, multiplier: Number.isFinite(size) ? Math.min(Math.max(size, 1), MAX_PAGE) : MAX_PAGE };
  }
  return { field: 1, multiplier: isList(field.type) ? DEFAULT_LIST_MULTIPLIER : 1 };
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

const toMs = (value: unknown) => (value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN);
