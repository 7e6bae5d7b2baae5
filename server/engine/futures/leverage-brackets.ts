/**
 * Binance USDⓈ-M leverage brackets ("Leverage & Margin"): per symbol, tiers of position notional with the
 * most leverage allowed, the maintenance margin rate and the maintenance amount ("cum", which makes the
 * maintenance margin continuous across tiers: cum_n = cum_{n−1} + floor_n × (rate_n − rate_{n−1})).
 *
 * Dated tables, stored as data in leverage-brackets.json (each with where it came from): Binance changes
 * brackets now and then, so a run uses the latest table dated on or before its first candle (the oldest
 * for earlier runs) and reports that date. `npm run import:brackets` adds a table from the response of
 * Binance's GET /fapi/v1/leverageBracket (market-data/leverage-bracket-import.ts checks it); old tables stay.
 */
import stored from './leverage-brackets.json' with { type: 'json' };

export interface LeverageBracket {
  /** Position notional (quote) from which this tier applies. */
  readonly notionalFloor: number;
  readonly maxLeverage: number;
  readonly maintenanceMarginRate: number;
  /** Maintenance amount (quote). */
  readonly maintenanceAmount: number;
}

export interface LeverageBracketTable {
  /** From when these brackets were in force (UTC ISO date). */
  readonly asOf: string;
  /** Symbol → tiers in ascending notionalFloor; DEFAULT serves symbols without their own. */
  readonly symbols: Readonly<Record<string, readonly LeverageBracket[]>>;
}

/** One tier as stored: [notionalFloor, maxLeverage, maintenanceMarginRate, maintenanceAmount]. */
export type StoredBracketTier = readonly [number, number, number, number];

/** A table as leverage-brackets.json keeps it. */
export interface StoredBracketTable {
  readonly asOf: string;
  /** Where the figures came from, for whoever checks them. */
  readonly source: string;
  /** Which symbols' tiers DEFAULT repeats (symbols absent from the table use it). */
  readonly defaultRule: string;
  readonly symbols: Readonly<Record<string, readonly StoredBracketTier[]>>;
}

export const DEFAULT_BRACKETS_SYMBOL = 'DEFAULT';

export function bracketTableOf(table: StoredBracketTable): LeverageBracketTable {
  const symbols: Record<string, readonly LeverageBracket[]> = {};
  for (const [symbol, tiers] of Object.entries(table.symbols)) {
    symbols[symbol] = tiers.map(([notionalFloor, maxLeverage, maintenanceMarginRate, maintenanceAmount]) => ({ notionalFloor, maxLeverage, maintenanceMarginRate, maintenanceAmount }));
  }
  return { asOf: table.asOf, symbols };
}

/** The stored tables, oldest first. */
export const STORED_BRACKET_TABLES = stored as unknown as readonly StoredBracketTable[];

export const LEVERAGE_BRACKET_TABLES: readonly LeverageBracketTable[] = STORED_BRACKET_TABLES.map(bracketTableOf);

/** The latest table dated on or before timeMs (the oldest when none is). */
export function bracketTableAt(timeMs: number, tables: readonly LeverageBracketTable[] = LEVERAGE_BRACKET_TABLES): LeverageBracketTable {
  let chosen = tables[0];
  for (const table of tables) if (Date.parse(table.asOf) <= timeMs && Date.parse(table.asOf) >= Date.parse(chosen.asOf)) chosen = table;
  return chosen;
}

/** A symbol's tiers in a table (DEFAULT when it has none of its own). */
export function bracketsOf(table: LeverageBracketTable, symbol: string): readonly LeverageBracket[] {
  return table.symbols[symbol] ?? table.symbols[DEFAULT_BRACKETS_SYMBOL];
}

/** The tier a position of this notional falls in. */
export function bracketFor(brackets: readonly LeverageBracket[], notional: number): LeverageBracket {
  let chosen = brackets[0];
  for (const b of brackets) if (notional >= b.notionalFloor) chosen = b;
  return chosen;
}
