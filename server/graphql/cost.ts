import { getNamedType, isLeafType, isListType, isNonNullType, type GraphQLField, type GraphQLOutputType } from 'graphql';
import { intervalMs, isInterval } from '../../domain/intervals.ts';

/**
 * What a field costs in the complexity budget (CANDLELAB_MAX_QUERY_COST per operation, checked
 * before any resolver runs): about one point per row returned (a run, a trade, an evidence row),
 * one per 50 rows only scanned (candles analysed by a data-quality report or merged for a chart,
 * equity points thinned). Measured here: a data-quality scan takes ~3.4 µs per candle, so the
 * default budget of 20,000 points (1M candles) caps one request at a few seconds of work, whatever
 * it aliases; the web client's largest page (200 recommendations with their evidence) costs ~4,600.
 */
export const ROWS_PER_POINT = 50;

/**
 * How deep and how wide one operation may select. Breadth counts every field selected at any depth:
 * typed values (a parameter set is a list of { name number boolean }) make the app's own detail
 * pages about 230 fields wide, so 300 leaves them room while 250 aliased lists are still refused.
 */
export const QUERY_SHAPE_LIMITS = { depth: 12, breadth: 300 } as const;

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
 * Extensions of an object type that is a plain value of a record already fetched (a parameter
 * value, a leg, a data report): it costs nothing, as a scalar does, and so do lists of it.
 */
export const PLAIN_VALUE_TYPE = { plainValue: true } as const;

const isPlainValue = (type: GraphQLOutputType) => getNamedType(type).extensions?.plainValue === true;

/**
 * The default for fields without a cost of their own. A value field (scalar, enum, PLAIN_VALUE_TYPE) of
 * something already fetched costs nothing; an object field costs 1 (it may be a lookup of its own); a list
 * multiplies what is selected inside it by 10. A connection reads a page of rows: it costs
 * page size / ROWS_PER_POINT and multiplies its selection by the page size (first/last, default 50).
 */
export function defaultFieldCost<Context>(args: Record<string, unknown>, _ctx: Context, field: GraphQLField<unknown, Context>) {
  if (field.args.some((arg) => arg.name === 'first') && getNamedType(field.type).name.endsWith('Connection')) {
    const requested = Number(args.first ?? args.last ?? DEFAULT_PAGE);
    const size = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), MAX_PAGE) : MAX_PAGE;
    return { field: Math.ceil(size / ROWS_PER_POINT), multiplier: size };
  }
  if (isLeafType(getNamedType(field.type))) return 0;
  if (isPlainValue(field.type)) return { field: 0, multiplier: 0 };
  return { field: 1, multiplier: isList(field.type) ? DEFAULT_LIST_MULTIPLIER : 1 };
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

const toMs = (value: unknown) => (value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN);
