import {
  DEFAULT_BACKTEST_CONFIG,
  listStrategies,
  resolveStrategyParams,
  validateBacktestConfig,
  type BacktestConfig,
  type SizingMode,
  type StrategyLeg,
} from '../engine/index.ts';
import { AppError } from '../graphql/errors.ts';
import { isInterval } from '../market-data/intervals.ts';
import type { GapPolicy } from './backtest-run.entity.ts';

/** What a client sends to start a backtest (GraphQL RunBacktestInput, after scalar parsing). */
export interface RunBacktestRequest {
  readonly name?: string | null;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly startDate: Date;
  readonly endDate: Date;
  readonly strategy: string;
  readonly strategyParams?: unknown;
  readonly initialCapital: number;
  readonly positionSize?: number | null;
  readonly sizingMode?: SizingMode | null;
  readonly feeRate?: number | null;
  readonly slippageBps?: number | null;
  readonly quantityStep?: number | null;
  readonly minNotional?: number | null;
  readonly maxOpenPositions?: number | null;
  readonly allowShort?: boolean | null;
  readonly closeOnOppositeSignal?: boolean | null;
  readonly reverse?: boolean | null;
  readonly trailingStopPct?: number | null;
  readonly maxDrawdownStopPct?: number | null;
  readonly extraLegs?: ReadonlyArray<{ strategy: string; strategyParams?: unknown; symbols: readonly string[] }> | null;
  readonly gapPolicy?: GapPolicy | null;
  readonly fetchMissingData?: boolean | null;
}

/** A validated, fully defaulted backtest: everything the job needs to reproduce the run. */
export interface BacktestPlan {
  readonly name: string;
  readonly symbols: string[];
  readonly timeframe: string;
  readonly startDate: Date;
  readonly endDate: Date;
  readonly gapPolicy: GapPolicy;
  readonly fetchMissingData: boolean;
  readonly positionSize: number;
  readonly config: BacktestConfig;
}

const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;

/** Validates a request against the engine's rules; throws AppError with a code on the first class of problem. */
export function planBacktest(request: RunBacktestRequest): BacktestPlan {
  const symbols = normaliseSymbols(request.symbols, 'symbols');
  if (!isInterval(request.timeframe)) {
    throw new AppError('BAD_USER_INPUT', `timeframe "${request.timeframe}" is not a Binance interval (1m, 5m, 1h, 4h, 1d, …)`, { field: 'timeframe' });
  }
  if (!(request.endDate.getTime() > request.startDate.getTime())) {
    throw new AppError('INVALID_DATE_RANGE', `endDate (${request.endDate.toISOString()}) must be after startDate (${request.startDate.toISOString()})`, {
      field: 'endDate',
    });
  }
  const legs: StrategyLeg[] = [
    { strategy: request.strategy, params: resolveParams(request.strategy, request.strategyParams, 'strategyParams'), symbols },
  ];
  for (const [index, leg] of (request.extraLegs ?? []).entries()) {
    const field = `extraLegs.${index}`;
    legs.push({
      strategy: leg.strategy,
      params: resolveParams(leg.strategy, leg.strategyParams, `${field}.strategyParams`),
      symbols: normaliseSymbols(leg.symbols, `${field}.symbols`),
    });
  }
  const positionSize = request.positionSize ?? DEFAULT_BACKTEST_CONFIG.sizing.value;
  const config: BacktestConfig = {
    ...DEFAULT_BACKTEST_CONFIG,
    initialCapital: request.initialCapital,
    legs,
    sizing: { mode: request.sizingMode ?? 'FIXED_QUOTE', value: positionSize },
    ...definedOnly({
      feeRate: request.feeRate,
      slippageBps: request.slippageBps,
      quantityStep: request.quantityStep,
      minNotional: request.minNotional,
      maxOpenPositions: request.maxOpenPositions,
      allowShort: request.allowShort,
      closeOnOppositeSignal: request.closeOnOppositeSignal,
      reverse: request.reverse,
    }),
    trailingStopPct: request.trailingStopPct ?? null,
    maxDrawdownStopPct: request.maxDrawdownStopPct ?? null,
  };
  const problems = validateBacktestConfig(config);
  if (problems.length > 0) throw new AppError('BAD_USER_INPUT', problems.join('; '), { issues: problems });
  return {
    name: request.name?.trim() || `${request.strategy} ${symbols.join(',')} ${request.timeframe}`,
    symbols: [...new Set(legs.flatMap((leg) => leg.symbols))],
    timeframe: request.timeframe,
    startDate: request.startDate,
    endDate: request.endDate,
    gapPolicy: request.gapPolicy ?? 'FAIL',
    fetchMissingData: request.fetchMissingData ?? true,
    positionSize,
    config,
  };
}

function normaliseSymbols(raw: readonly string[], field: string): string[] {
  const symbols = [...new Set(raw.map((symbol) => symbol.trim().toUpperCase()))];
  if (symbols.length === 0) throw new AppError('BAD_USER_INPUT', `${field} must name at least one symbol`, { field });
  const bad = symbols.find((symbol) => !SYMBOL_PATTERN.test(symbol));
  if (bad !== undefined) throw new AppError('BAD_USER_INPUT', `${field}: "${bad}" is not a valid symbol`, { field });
  return symbols;
}

/** Strategy params arrive as a JSON object or, from forms and scripts, as a JSON string. */
function resolveParams(strategy: string, raw: unknown, field: string) {
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
  if (!listStrategies().some((spec) => spec.name === strategy)) {
    const known = listStrategies().map((spec) => spec.name).join(', ');
    throw new AppError('UNKNOWN_STRATEGY', `Unknown strategy "${strategy}"; available: ${known}`, { field: 'strategy' });
  }
  const resolved = resolveStrategyParams(strategy, params as Record<string, unknown>);
  if ('errors' in resolved) {
    throw new AppError('INVALID_STRATEGY_PARAMS', resolved.errors.join('; '), { field, issues: resolved.errors });
  }
  return resolved.params;
}

function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined)) as never;
}
