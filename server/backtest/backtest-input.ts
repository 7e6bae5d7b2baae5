import {
  entryRankingIssue,
  DETAIL_TIMEFRAME_INTERVALS,
  isStrategyRegistered,
  listStrategies,
  resolveRunSettings,
  resolveStrategyParams,
  type RunSettings,
  type RunSettingsInput,
  type SettingIssue,
  type StrategyLeg,
  type StrategyParams,
  targetWeightSymbolIssues,
  type TargetWeight,
} from '../engine/index.ts';
import { AppError } from '../graphql/errors.ts';
import { INTERVALS, divides, intervalMs, isInterval } from '../../domain/intervals.ts';
import type { MarketRangeRecord } from '../market-data/index.ts';
import { parseSymbol } from '../market-data/index.ts';
import type { GapPolicy } from './backtest-run.entity.ts';
import { DATA_OPTIONS } from './data-options.ts';
import { strategyTitle } from '../strategies/index.ts';

/**
 * Limits on what one request may ask for. Each keeps a single request from holding a worker (or the
 * database) for an unbounded time or from storing nonsense; every refusal names its limit.
 */
export const REQUEST_LIMITS = {
  /** Distinct symbols over all legs. */
  maxSymbols: 100,
  /** The first leg plus extraLegs. */
  maxLegs: 10,
  /** A run's or sweep's name, typed or made up from its strategy, pairs and timeframe (the column's width). */
  maxNameLength: 200,
  /** Older than any crypto exchange and than most imported equity history. */
  earliestDate: Date.UTC(1990, 0, 1),
  latestDate: Date.UTC(2100, 0, 1),
} as const;

/** The market and range part of a request, shared by backtests and sweeps. */
export interface MarketRequest {
  readonly name?: string | null;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly startDate: Date;
  readonly endDate: Date;
  readonly gapPolicy?: GapPolicy | null;
  readonly fetchMissingData?: boolean | null;
  readonly warmupHistory?: boolean | null;
}

/** What a client sends to start a backtest (the GraphQL RunBacktestInput, after scalar parsing). */
export type RunBacktestRequest = MarketRequest &
  RunSettingsInput & {
    readonly strategy: string;
    readonly strategyParams?: unknown;
    readonly extraLegs?: ReadonlyArray<{ strategy: string; strategyParams?: unknown; symbols: readonly string[] }> | null;
  };

/** A validated, fully defaulted backtest: everything the job needs to reproduce the run. */
export interface BacktestPlan extends MarketRangeRecord {
  readonly name: string;
  readonly symbols: string[];
  readonly settings: RunSettings;
  readonly legs: StrategyLeg[];
}

/** Validates a request against the engine's rules; throws AppError with a code on the first class of problem. */
export function planBacktest(request: RunBacktestRequest): BacktestPlan {
  const symbols = normaliseSymbols(request.symbols, 'symbols');
  checkRange(request.timeframe, request.startDate, request.endDate);
  const extraLegs = request.extraLegs ?? [];
  if (extraLegs.length + 1 > REQUEST_LIMITS.maxLegs) {
    throw new AppError('LIMIT_EXCEEDED', `A run has at most ${REQUEST_LIMITS.maxLegs} strategy legs; got ${extraLegs.length + 1}`, {
      field: 'extraLegs',
      limit: REQUEST_LIMITS.maxLegs,
    });
  }
  const legs: StrategyLeg[] = [
    { strategy: request.strategy, params: resolveParams(request.strategy, request.strategyParams, 'strategyParams'), symbols },
    ...extraLegs.map((leg, index) => ({
      strategy: leg.strategy,
      params: resolveParams(leg.strategy, leg.strategyParams, `extraLegs.${index}.strategyParams`),
      symbols: normaliseSymbols(leg.symbols, `extraLegs.${index}.symbols`),
    })),
  ];
  const allSymbols = [...new Set(legs.flatMap((leg) => leg.symbols))];
  if (allSymbols.length > REQUEST_LIMITS.maxSymbols) {
    throw new AppError('LIMIT_EXCEEDED', `A run trades at most ${REQUEST_LIMITS.maxSymbols} symbols; got ${allSymbols.length}`, {
      field: 'symbols',
      limit: REQUEST_LIMITS.maxSymbols,
    });
  }
  const settings = settingsOfRequest({ ...request, rebalanceWeights: symbolsNormalised(request.rebalanceWeights) });
  const weightIssues = targetWeightSymbolIssues(settings.rebalanceWeights, allSymbols);
  if (weightIssues.length > 0) throw settingsError(weightIssues);
  checkDetailTimeframe(request.timeframe, settings);
  const rankingIssue = entryRankingIssue({ entryRanking: settings.entryRanking, legs });
  if (rankingIssue !== null) throw new AppError('BAD_USER_INPUT', rankingIssue, { field: 'entryRanking' });
  return {
    name: request.name?.trim() || defaultRunName(request.strategy, symbols, request.timeframe),
    symbols: allSymbols,
    timeframe: request.timeframe,
    startDate: request.startDate,
    endDate: request.endDate,
    gapPolicy: request.gapPolicy ?? DATA_OPTIONS.gapPolicy.default,
    fetchMissingData: request.fetchMissingData ?? DATA_OPTIONS.fetchMissingData.default,
    warmupHistory: request.warmupHistory ?? DATA_OPTIONS.warmupHistory.default,
    settings,
    legs,
  };
}

/** Names up to a few pairs; a universe's dozens would not fit the stored name (and say less than their count). */
const PAIRS_NAMED = 4;
export function pairsInName(symbols: readonly string[]): string {
  return symbols.length > PAIRS_NAMED ? `${symbols.length} pairs` : symbols.join(',');
}
function defaultRunName(strategy: string, symbols: readonly string[], timeframe: string): string {
  return clippedName(`${strategyTitle(strategy)} ${pairsInName(symbols)} ${timeframe}`);
}

/** A made-up name cut to fit maxNameLength (a user strategy's title alone may be 100 characters long). */
export function clippedName(name: string): string {
  return name.length <= REQUEST_LIMITS.maxNameLength ? name : `${name.slice(0, REQUEST_LIMITS.maxNameLength - 1)}…`;
}

/** The settings a request asks for, defaults filled in; every bad value is one issue naming its field. */
export function settingsOfRequest(request: RunSettingsInput): RunSettings {
  const resolved = resolveRunSettings(request);
  if ('issues' in resolved) throw settingsError(resolved.issues);
  return resolved.settings;
}

function settingsError(issues: readonly SettingIssue[]): AppError {
  return new AppError('BAD_USER_INPUT', issues.map((issue) => issue.message).join('; '), {
    field: issues[0].field,
    issues: issues.map((issue) => issue.message),
    fields: issues.map((issue) => issue.field),
  });
}

/**
 * Target weights name their symbols as the symbols field does (trimmed, upper case, exchange-qualified), so
 * "btcusdt" is BTCUSDT and a duplicate is a duplicate however it is written; a name that does not parse is
 * left as given, to be refused as not among the run's symbols.
 */
function symbolsNormalised(weights: readonly TargetWeight[] | null | undefined): readonly TargetWeight[] | null | undefined {
  if (!Array.isArray(weights)) return weights;
  return weights.map((entry) => {
    if (typeof entry?.symbol !== 'string') return entry;
    try {
      return { ...entry, symbol: parseSymbol(entry.symbol.trim().toUpperCase()) };
    } catch {
      return entry;
    }
  });
}

/** Intrabar detail must be finer than the run's candles and tile them (5m inside 1h, not 1h inside 1h). */
function checkDetailTimeframe(timeframe: string, settings: RunSettings): void {
  const detail = DETAIL_TIMEFRAME_INTERVALS[settings.detailTimeframe];
  if (detail === null || !isInterval(timeframe)) return;
  if (!isInterval(detail) || intervalMs(detail) >= intervalMs(timeframe) || !divides(detail, timeframe)) {
    throw new AppError('BAD_USER_INPUT', `Intrabar detail ${detail} must be a finer interval that tiles the run's ${timeframe} candles`, { field: 'detailTimeframe' });
  }
}

function checkRange(timeframe: string, startDate: Date, endDate: Date): void {
  if (!isInterval(timeframe)) {
    throw new AppError('BAD_USER_INPUT', `timeframe "${timeframe}" is not a Binance interval (${INTERVALS.join(', ')})`, { field: 'timeframe' });
  }
  const day = (date: Date) => date.toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
  for (const [field, date] of [['startDate', startDate], ['endDate', endDate]] as const) {
    if (date.getTime() < REQUEST_LIMITS.earliestDate || date.getTime() > REQUEST_LIMITS.latestDate) {
      throw new AppError('INVALID_DATE_RANGE', `${field} ${day(date)} is outside the supported era (${day(new Date(REQUEST_LIMITS.earliestDate))} to ${day(new Date(REQUEST_LIMITS.latestDate))})`, {
        field,
      });
    }
  }
  if (!(endDate.getTime() > startDate.getTime())) {
    throw new AppError('INVALID_DATE_RANGE', `endDate (${day(endDate)}) must be after startDate (${day(startDate)})`, { field: 'endDate' });
  }
  if (endDate.getTime() - startDate.getTime() < intervalMs(timeframe)) {
    throw new AppError('INVALID_DATE_RANGE', `The range ${day(startDate)} to ${day(endDate)} is shorter than one ${timeframe} candle`, { field: 'endDate' });
  }
}

function normaliseSymbols(raw: readonly string[], field: string): string[] {
  const symbols = [...new Set(raw.map((symbol) => symbol.trim().toUpperCase()))];
  if (symbols.length === 0) throw new AppError('BAD_USER_INPUT', `${field} must name at least one symbol`, { field });
  if (symbols.length > REQUEST_LIMITS.maxSymbols) {
    throw new AppError('LIMIT_EXCEEDED', `${field} may name at most ${REQUEST_LIMITS.maxSymbols} symbols; got ${symbols.length}`, { field, limit: REQUEST_LIMITS.maxSymbols });
  }
  return symbols.map((symbol) => parseSymbol(symbol, field));
}

/**
 * Strategy params arrive as a JSON object or, from forms and scripts, as a JSON string. A parameter
 * left out takes its default (recorded on the run); one given as null or "" is an error naming it.
 */
export function resolveParams(strategy: string, raw: unknown, field: string): StrategyParams {
  let params: unknown = raw ?? {};
  if (typeof params === 'string') {
    try {
      params = JSON.parse(params);
    } catch (error) {
      throw new AppError('INVALID_JSON', `${field} is not valid JSON: ${(error as Error).message}`, { field });
    }
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new AppError('INVALID_JSON', `${field} must be a JSON object of parameter values`, { field });
  }
  if (!isStrategyRegistered(strategy)) {
    const known = listStrategies().map((spec) => spec.name).join(', ');
    throw new AppError('UNKNOWN_STRATEGY', `Unknown strategy "${strategy}"; available: ${known}`, { field: 'strategy' });
  }
  const blank = Object.entries(params).find(([, value]) => value === null || (typeof value === 'string' && value.trim() === ''));
  if (blank) {
    throw new AppError('INVALID_STRATEGY_PARAMS', `${blank[0]} has no value; give a value or leave the parameter out to use its default`, {
      field: `${field}.${blank[0]}`,
      parameter: blank[0],
    });
  }
  const resolved = resolveStrategyParams(strategy, params as Record<string, unknown>);
  if ('errors' in resolved) {
    throw new AppError('INVALID_STRATEGY_PARAMS', resolved.errors.join('; '), { field, issues: resolved.errors });
  }
  return resolved.params;
}
