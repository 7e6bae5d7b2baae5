import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../graphql/errors.ts';
import { isUuid } from '../graphql/ids.ts';
import { chooseBaseIntervals, loadColumnsOfSymbols } from '../market-data/index.ts';
import { parseSymbol } from '../market-data/symbols.ts';
import { divides, INTERVALS, parseInterval, type Interval } from '../../domain/intervals.ts';
import { DEFAULT_EXCHANGE, EXCHANGE_SEPARATOR } from '../../domain/symbols.ts';
import { REQUEST_LIMITS } from '../backtest/backtest-input.ts';
import type { AppServices } from '../services.ts';
import { Universe, type IUniverse, type UniverseRule } from './universe.entity.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_LOOKBACK_DAYS = 30;
/** Rule candidates whose close and volume columns are read at once: a bounded read however long the candidates list. */
const SYMBOLS_PER_VOLUME_READ = 16;

export interface UniverseRequest {
  readonly name: string;
  readonly symbols?: readonly string[] | null;
  readonly rule?: UniverseRule | null;
}

/** Stores a universe: exactly one of a symbol list and a rule, each checked. */
export async function createUniverse(em: EntityManager, request: UniverseRequest): Promise<IUniverse> {
  const universe = em.create(Universe, { id: randomUUID(), ...(await checkedUniverse(em, request, null)), createdAt: new Date() });
  await em.flush();
  return universe;
}

/** Replaces a universe's name and its list or rule (runs and sweeps keep the pairs they stored). */
export async function updateUniverse(em: EntityManager, id: string, request: UniverseRequest): Promise<IUniverse> {
  const universe = await requireUniverse(em, id);
  em.assign(universe, await checkedUniverse(em, request, id));
  await em.flush();
  return universe;
}

async function checkedUniverse(em: EntityManager, request: UniverseRequest, id: string | null): Promise<Pick<IUniverse, 'name' | 'symbols' | 'rule'>> {
  const name = request.name.trim();
  if (!name) throw new AppError('BAD_USER_INPUT', 'A universe needs a name', { field: 'name' });
  if ((request.symbols == null) === (request.rule == null)) throw new AppError('BAD_USER_INPUT', 'Give a universe either symbols or a rule, not both or neither', { field: 'symbols' });
  if (await em.count(Universe, id === null ? { name } : { name, id: { $ne: id } })) throw new AppError('CONFLICT', `A universe named ${name} exists`, { field: 'name' });
  const symbols = request.symbols ? [...new Set(request.symbols.map((s, i) => parseSymbol(s.trim().toUpperCase(), `symbols.${i}`)))] : null;
  if (symbols && (symbols.length === 0 || symbols.length > REQUEST_LIMITS.maxSymbols)) {
    throw new AppError(symbols.length === 0 ? 'BAD_USER_INPUT' : 'LIMIT_EXCEEDED', `A universe lists 1 to ${REQUEST_LIMITS.maxSymbols} symbols; got ${symbols.length}`, { field: 'symbols', limit: REQUEST_LIMITS.maxSymbols });
  }
  return { name, symbols, rule: request.rule ? checkRule(request.rule) : null };
}

function checkRule(rule: UniverseRule): UniverseRule {
  const positive = (value: number | null | undefined, field: string, integer = false) => {
    if (value == null) return;
    if (!(Number.isFinite(value) && value >= 0) || (integer && !Number.isInteger(value))) throw new AppError('BAD_USER_INPUT', `rule.${field} must be a ${integer ? 'whole ' : ''}number ≥ 0; got ${value}`, { field: `rule.${field}` });
  };
  positive(rule.minQuoteVolume, 'minQuoteVolume');
  positive(rule.minListingDays, 'minListingDays');
  positive(rule.maxPairs, 'maxPairs', true);
  positive(rule.lookbackDays, 'lookbackDays', true);
  if (rule.maxPairs != null && (rule.maxPairs < 1 || rule.maxPairs > REQUEST_LIMITS.maxSymbols)) {
    throw new AppError('LIMIT_EXCEEDED', `rule.maxPairs is 1 to ${REQUEST_LIMITS.maxSymbols}`, { field: 'rule.maxPairs', limit: REQUEST_LIMITS.maxSymbols });
  }
  const quoteAsset = rule.quoteAsset?.trim().toUpperCase() || null;
  if (quoteAsset && !/^[A-Z0-9]{2,10}$/.test(quoteAsset)) throw new AppError('BAD_USER_INPUT', `rule.quoteAsset must be 2–10 letters or digits; got ${rule.quoteAsset}`, { field: 'rule.quoteAsset' });
  return { ...rule, quoteAsset, maxPairs: rule.maxPairs ?? REQUEST_LIMITS.maxSymbols, lookbackDays: rule.lookbackDays ?? DEFAULT_LOOKBACK_DAYS };
}

export async function requireUniverse(em: EntityManager, id: string): Promise<IUniverse> {
  const universe = isUuid(id) ? await em.findOne(Universe, { id }) : null;
  if (!universe) throw notFound('Universe', id);
  return universe;
}

/**
 * The pairs of a universe for a run on `interval` starting at `startMs`. A rule reads only candles opening
 * before the start, of the interval or of any stored one a run builds it from (5m candles make 1h bars, as
 * in loadSeries): pairs quoted in quoteAsset, whose first stored candle is at least minListingDays before
 * the start, whose mean daily quote volume over the lookback reaches minQuoteVolume, measured on the base
 * interval a run would load (chooseBaseIntervals); the maxPairs of highest volume, ties by symbol. With an
 * exchange, only that exchange's stored pairs are read (a plain symbol is Binance's, a qualified one names its
 * exchange before EXCHANGE_SEPARATOR).
 */
export async function universeSymbols(services: AppServices, universe: IUniverse, interval: string, startMs: number): Promise<string[]> {
  if (universe.symbols) return [...universe.symbols];
  const rule = universe.rule!;
  const lookbackDays = rule.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const lookbackFrom = startMs - lookbackDays * DAY_MS;
  const target = parseInterval(interval);
  const { rows: candidates } = await services.pool.query<{ symbol: string }>(
    `SELECT DISTINCT symbol FROM candle_coverage
      WHERE interval = ANY($1::text[]) AND ($2::text IS NULL OR symbol LIKE '%' || $2::text) AND first_open_time <= $3 AND last_open_time >= $4
        AND ($5::text IS NULL OR (CASE WHEN strpos(symbol, $6) = 0 THEN $7 ELSE split_part(symbol, $6, 1) END) = $5)
      ORDER BY symbol`,
    [INTERVALS.filter((base) => divides(base, target)), rule.quoteAsset ?? null, startMs - (rule.minListingDays ?? 0) * DAY_MS, lookbackFrom, rule.exchange ?? null, EXCHANGE_SEPARATOR, DEFAULT_EXCHANGE],
  );
  const bases = await chooseBaseIntervals(services.pool, candidates.map((row) => row.symbol), target, lookbackFrom, startMs, Date.now());
  const byBase = new Map<Interval, string[]>();
  for (const [symbol, base] of bases) if (base !== null) byBase.set(base.interval, [...(byBase.get(base.interval) ?? []), symbol]);
  const volumes: Array<{ symbol: string; quoteVolume: number }> = [];
  for (const [base, symbols] of byBase) {
    for (let at = 0; at < symbols.length; at += SYMBOLS_PER_VOLUME_READ) {
      const group = symbols.slice(at, at + SYMBOLS_PER_VOLUME_READ);
      for (const [symbol, { openTime, close, volume }] of await loadColumnsOfSymbols(services.pool, group, base, lookbackFrom, startMs, ['close', 'volume'])) {
        if (openTime.length === 0) continue;
        let quoteVolume = 0;
        for (let i = 0; i < close.length; i++) quoteVolume += close[i] * volume[i];
        volumes.push({ symbol, quoteVolume });
      }
    }
  }
  const rows = volumes
    .filter((pair) => pair.quoteVolume / lookbackDays >= (rule.minQuoteVolume ?? 0))
    .sort((a, b) => b.quoteVolume - a.quoteVolume || (a.symbol < b.symbol ? -1 : 1))
    .slice(0, rule.maxPairs ?? REQUEST_LIMITS.maxSymbols);
  if (rows.length === 0) {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
    throw new AppError(
      'NO_DATA',
      `Universe ${universe.name} selects no pair${rule.exchange ? ` of ${rule.exchange}` : ''} on ${interval} candles from ${day(lookbackFrom)} to ${day(startMs)} UTC: a rule reads only the ${lookbackDays} days of stored candles before a run's start`,
      { field: 'universe' },
    );
  }
  return rows.map((r) => r.symbol);
}

/** A run or sweep request with its universe (if it names one) turned into its symbols. */
export async function withUniverse<R extends { universe?: string | null; symbols?: readonly string[] | null; timeframe: string; startDate: Date }>(
  services: AppServices,
  em: EntityManager,
  request: R,
): Promise<R & { symbols: readonly string[] }> {
  if (request.universe == null) return { ...request, symbols: request.symbols ?? [] };
  if (request.symbols?.length) throw new AppError('BAD_USER_INPUT', 'Give symbols or a universe, not both', { field: 'universe' });
  const universe = await requireUniverse(em, request.universe);
  return { ...request, symbols: await universeSymbols(services, universe, request.timeframe, request.startDate.getTime()) };
}
