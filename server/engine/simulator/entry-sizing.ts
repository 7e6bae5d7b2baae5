import type { Simulation } from './simulation.ts';
import {
  EQUAL_SPLIT as importedEQUAL_SPLIT,
  FIXED_QUOTE as importedFIXED_QUOTE,
  PERCENT_EQUITY as importedPERCENT_EQUITY,
  desiredQuantity,
  equalSplitQuantity,
  roundDownToStep,
  type SkipReason,
} from './sizing.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const EQUAL_SPLIT = importedEQUAL_SPLIT, FIXED_QUOTE = importedFIXED_QUOTE, PERCENT_EQUITY = importedPERCENT_EQUITY;

/**
 * The quantity of slot k's entry (or add) filling at `price` by its sizing rules, within the cash there is,
 * rounded to the quantity step; NaN when it is skipped (the reason is counted).
 */
export function sizedQuantity(sim: Simulation, k: number, price: number, stop: number, feeRate: number): number {
  const pf = sim.portfolio;
  const mode = sim.slotSizingMode[k];
  const equityNow = mode === FIXED_QUOTE || mode === EQUAL_SPLIT ? pf.cash : pf.equity();
  if (!(equityNow > 0)) return skippedQuantity(sim, 'NO_EQUITY');
  let quantity = mode === EQUAL_SPLIT ? equalSplitOf(sim, price, feeRate) : desiredQuantity(mode, sim.slotSizingValue[k], price, equityNow, stop);
  if (quantity !== quantity) return skippedQuantity(sim, 'NO_STOP_FOR_RISK_SIZING');
  // Futures: FIXED_QUOTE and PERCENT_EQUITY size the margin (the stake); the notional is leverage times it.
  if (pf.futures && (mode === FIXED_QUOTE || mode === PERCENT_EQUITY)) quantity *= sim.leverage;
  if (pf.entryCost(quantity, price, feeRate) > pf.cash) {
    if (pf.cash <= sim.dustCash) return skippedQuantity(sim, 'INSUFFICIENT_CASH');
    // Never spend cash the account does not have: shrink to what cash pays for, fee included.
    quantity = (pf.cash / pf.entryCost(1, price, feeRate)) * (1 - 1e-12);
    sim.shrunk++;
  }
  if (sim.quantityStep > 0) quantity = roundedToStep(sim, quantity, price, feeRate);
  if (!(quantity > 0)) return skippedQuantity(sim, 'ZERO_QUANTITY');
  if (quantity * price < sim.minNotional) return skippedQuantity(sim, 'BELOW_MIN_NOTIONAL');
  return quantity;
}

/** EQUAL_SPLIT's quantity at price (sizing.ts equalSplitQuantity). */
function equalSplitOf(sim: Simulation, price: number, feeRate: number): number {
  const pf = sim.portfolio;
  return equalSplitQuantity(pf.cash, sim.maxOpenPositions - pf.openCount, pf.entryCost(1, price, feeRate));
}

/** The quantity rounded down to the run's quantity step, one step less when the rounded one costs more than the cash. */
function roundedToStep(sim: Simulation, quantity: number, price: number, feeRate: number): number {
  const step = sim.quantityStep;
  const rounded = roundDownToStep(quantity, step, sim.qtyDecimals);
  return rounded > 0 && sim.portfolio.entryCost(rounded, price, feeRate) > sim.portfolio.cash ? roundDownToStep(rounded - step, step, sim.qtyDecimals) : rounded;
}

function skippedQuantity(sim: Simulation, reason: SkipReason): number {
  sim.skip(reason);
  return NaN;
}
