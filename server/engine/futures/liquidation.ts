import type { LeverageBracket } from './leverage-brackets.ts';

/**
 * Binance's liquidation price of one isolated position in one-way mode (its published formula with the
 * cross-margin terms at zero: no other position shares the isolated wallet):
 *
 *   LP = (WB + cum − side × Q × EP) / (Q × MMR − side × Q)
 *
 * WB the position's isolated margin (wallet balance), cum and MMR its bracket's maintenance amount and
 * rate, side +1 LONG / −1 SHORT, Q the quantity, EP the entry price. At LP the margin balance
 * (WB + side × Q × (LP − EP)) equals the maintenance margin (Q × LP × MMR − cum).
 * Returns 0 for a LONG that cannot be liquidated (LP ≤ 0).
 */
export function liquidationPrice(side: number, quantity: number, entryPrice: number, margin: number, bracket: LeverageBracket): number {
  const lp = (margin + bracket.maintenanceAmount - side * quantity * entryPrice) / (quantity * bracket.maintenanceMarginRate - side * quantity);
  return lp > 0 ? lp : 0;
}

/**
 * Margin level of a position at price p: margin balance / maintenance margin (1 = liquidation, higher is
 * safer; Binance's app shows the inverse, maintenance / balance, as "margin ratio").
 */
export function marginLevel(side: number, quantity: number, entryPrice: number, margin: number, bracket: LeverageBracket, p: number): number {
  const maintenance = quantity * p * bracket.maintenanceMarginRate - bracket.maintenanceAmount;
  const balance = margin + side * quantity * (p - entryPrice);
  return maintenance > 0 ? balance / maintenance : Infinity;
}
