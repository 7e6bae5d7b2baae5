/**
 * Binance USDⓈ-M leverage brackets ("Leverage & Margin" table): per symbol, tiers of position notional
 * with the most leverage allowed, the maintenance margin rate and the maintenance amount ("cum", which
 * makes the maintenance margin continuous across tiers: cum_n = cum_{n−1} + floor_n × (rate_n − rate_{n−1})).
 *
 * A dated table: Binance changes brackets now and then, and a run uses the table in force when it was
 * made (recorded with its result). To update it, read GET /fapi/v1/leverageBracket (signed, any account)
 * or the "Leverage & Margin" page for each symbol, add a new entry to LEVERAGE_BRACKET_TABLES with its
 * date, and keep the old ones: `bracketTableAt` picks the latest table dated on or before a time.
 */
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

const tier = (notionalFloor: number, maxLeverage: number, maintenanceMarginRate: number, maintenanceAmount: number): LeverageBracket => ({
  notionalFloor,
  maxLeverage,
  maintenanceMarginRate,
  maintenanceAmount,
});

export const LEVERAGE_BRACKET_TABLES: readonly LeverageBracketTable[] = [
  {
    asOf: '2023-11-01',
    symbols: {
      BTCUSDT: [
        tier(0, 125, 0.004, 0),
        tier(50_000, 100, 0.005, 50),
        tier(500_000, 50, 0.01, 2_550),
        tier(8_000_000, 20, 0.025, 122_550),
        tier(50_000_000, 10, 0.05, 1_372_550),
        tier(80_000_000, 5, 0.1, 5_372_550),
        tier(100_000_000, 4, 0.125, 7_872_550),
        tier(200_000_000, 3, 0.15, 12_872_550),
        tier(300_000_000, 2, 0.25, 42_872_550),
        tier(500_000_000, 1, 0.5, 167_872_550),
      ],
      ETHUSDT: [
        tier(0, 125, 0.004, 0),
        tier(50_000, 100, 0.005, 50),
        tier(500_000, 50, 0.01, 2_550),
        tier(8_000_000, 20, 0.025, 122_550),
        tier(20_000_000, 10, 0.05, 622_550),
        tier(40_000_000, 5, 0.1, 2_622_550),
        tier(60_000_000, 4, 0.125, 4_122_550),
        tier(80_000_000, 3, 0.15, 6_122_550),
        tier(100_000_000, 2, 0.25, 16_122_550),
        tier(200_000_000, 1, 0.5, 66_122_550),
      ],
      DEFAULT: [
        tier(0, 75, 0.005, 0),
        tier(10_000, 50, 0.01, 50),
        tier(50_000, 25, 0.02, 550),
        tier(250_000, 10, 0.05, 8_050),
        tier(1_000_000, 5, 0.1, 58_050),
        tier(2_000_000, 4, 0.125, 108_050),
        tier(5_000_000, 3, 0.15, 233_050),
        tier(10_000_000, 2, 0.25, 1_233_050),
        tier(20_000_000, 1, 0.5, 6_233_050),
      ],
    },
  },
];

/** The latest table dated on or before timeMs (the oldest when none is). */
export function bracketTableAt(timeMs: number, tables: readonly LeverageBracketTable[] = LEVERAGE_BRACKET_TABLES): LeverageBracketTable {
  let chosen = tables[0];
  for (const table of tables) if (Date.parse(table.asOf) <= timeMs && Date.parse(table.asOf) >= Date.parse(chosen.asOf)) chosen = table;
  return chosen;
}

/** A symbol's tiers in a table (DEFAULT when it has none of its own). */
export function bracketsOf(table: LeverageBracketTable, symbol: string): readonly LeverageBracket[] {
  return table.symbols[symbol] ?? table.symbols.DEFAULT;
}

/** The tier a position of this notional falls in. */
export function bracketFor(brackets: readonly LeverageBracket[], notional: number): LeverageBracket {
  let chosen = brackets[0];
  for (const b of brackets) if (notional >= b.notionalFloor) chosen = b;
  return chosen;
}
