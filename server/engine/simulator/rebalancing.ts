import { slipped } from './fills.ts';
import { FLAT } from './portfolio.ts';
import { fillOf, keepFills } from './scaling.ts';
import type { Simulation } from './simulation.ts';
import { roundDownToStep } from './sizing.ts';
import { REBALANCE, REBALANCE_FILL_REASON } from './trade-log.ts';
import { isScheduled } from './rebalancing-schedule.ts';

/**
 * Periodic rebalancing to target weights (README, simulation semantics). On a rebalancing bar (every
 * rebalanceEveryBars-th bar of the range, or the first bar opening in a new UTC day, week or month), after
 * that open's exits and entries, each open position with a candle there is resized toward weight × equity,
 * equity = cash + every position marked at this open (a symbol without a candle at its last close): sales
 * first (freeing cash), then purchases, each in symbol order, as market fills at the open with slippage and
 * the taker fee. Quantities are measured at the open, rounded down to the quantity step; a resize below
 * minNotional or 1e-9 of equity, or a purchase with no cash, is left out. A position whose weight is 0 is
 * closed (exit reason REBALANCE); any other keeps its trade, its stop and target following the average
 * entry as for a pyramiding add. It never opens a position.
 */

/** Timeline bar `bar` rebalances: never the range's first bar (nothing is held at its open). */
export function isRebalanceBar(sim: Simulation, bar: number): boolean {
  return sim.rebalancing !== null && isScheduled(sim.rebalancing, sim.timeline.timeMs, sim.startBar, bar);
}

export function rebalance(sim: Simulation, bar: number): void {
  const pf = sim.portfolio;
  if (pf.openCount === 0) return;
  const barOf = sim.timeline.barOf;
  let equity = pf.cash;
  for (let s = 0; s < sim.S; s++) {
    if (pf.direction[s] === FLAT) continue;
    const i = barOf[s][bar];
    equity += pf.positionValue(s, i >= 0 ? sim.series[s].open[i] : pf.lastClose[s]);
  }
  for (let pass = 0; pass < 2; pass++) {
    const selling = pass === 0;
    for (let s = 0; s < sim.S; s++) {
      const i = barOf[s][bar];
      if (pf.direction[s] === FLAT || i < 0) continue;
      const weight = sim.rebalanceWeight[s];
      const open = sim.series[s].open[i];
      if (weight === 0) {
        if (selling) pf.close(s, slipped(open, -pf.direction[s], sim.slippage), i, true, REBALANCE);
        continue;
      }
      const gap = weight * equity - pf.positionValue(s, open);
      // A gap of float dust (an equal split leaves ~1e-12 of the cash) is no reason to trade.
      if (Math.abs(gap) > equity * 1e-9 && (selling ? gap < 0 : gap > 0)) resize(sim, s, i, open, gap);
    }
  }
}

/** Moves symbol s's position by `gap` quote of value at candle i's open (negative: a sale). */
function resize(sim: Simulation, s: number, i: number, open: number, gap: number): void {
  const pf = sim.portfolio;
  const d = pf.direction[s];
  const selling = gap < 0;
  const price = slipped(open, selling ? -d : d, sim.slippage);
  const fee = sim.takerFee;
  // Value per unit at the open: a LONG is worth the price, a SHORT its collateral plus unrealised P/L.
  const unitValue = d > 0 ? open : 2 * pf.entryPrice[s] - open;
  let quantity = selling ? Math.min(-gap / unitValue, pf.quantity[s] * (1 - 1e-9)) : Math.min(gap / unitValue, pf.cash / (price * (1 + fee)) * (1 - 1e-12));
  if (sim.quantityStep > 0) quantity = roundDownToStep(quantity, sim.quantityStep, sim.qtyDecimals);
  if (!(quantity > 0) || quantity * price < sim.minNotional) return;
  const fills = keepFills(sim, s);
  const time = sim.series[s].openTime[i];
  if (selling) {
    const paid = pf.reduce(s, quantity, price, fee);
    if (fills !== null) fills.push(fillOf(sim, s, time, -d, price, quantity, paid, REBALANCE_FILL_REASON));
  } else {
    if (fills !== null) fills.push(fillOf(sim, s, time, d, price, quantity, quantity * price * fee, REBALANCE_FILL_REASON));
    // Not a pyramiding add: it must not use up the adds pyramidingMaxAdds allows.
    const adds = pf.adds[s];
    pf.add(s, quantity, price, fee);
    pf.adds[s] = adds;
  }
}
