import { checkExit, levelTouched, slipped, type ExitFill } from './fills.ts';
import { FLAT as importedFLAT, type Portfolio } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
import { takePartialTargets } from './scaling.ts';
import {
  END_OF_DATA as importedEND_OF_DATA,
  LIQUIDATION as importedLIQUIDATION,
  STOP_LOSS as importedSTOP_LOSS,
  TAKE_PROFIT as importedTAKE_PROFIT,
  TRAILING_STOP as importedTRAILING_STOP,
} from './trade-log.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const FLAT = importedFLAT, END_OF_DATA = importedEND_OF_DATA, LIQUIDATION = importedLIQUIDATION, STOP_LOSS = importedSTOP_LOSS,
  TAKE_PROFIT = importedTAKE_PROFIT, TRAILING_STOP = importedTRAILING_STOP;

/** Step 2 and 3's checks on one candle, shared by the bar loop (bar-steps.ts) and intrabar detail (intrabar.ts). */

/**
 * Whether candle i of symbol s reaches a level of its open position, or it trails (its stop moves every
 * candle): checkLevels can fill nothing on a candle that does not (fills.ts levelTouched).
 */
export function mayReachLevel(sim: Simulation, s: number, i: number): boolean {
  const pf = sim.portfolio;
  const sc = sim.series[s];
  return pf.trails(s) || levelTouched(pf.direction[s], sc.high[i], sc.low[i], pf.guardLevel(s), pf.nearTarget[s]);
}

/**
 * Step 2 on one candle of prices (the bar itself, or one of its detail candles, whose open and close times
 * are passed; NaN for the bar): the nearest of stop-loss, trailing stop and liquidation price, then the
 * target (fills.ts checkExit), partial targets first (scaling.ts); moves the trailing reference when nothing fills. A liquidation fills at the
 * liquidation price, gap or not (the exchange's liquidation engine takes the position there). An exit
 * where this candle touched both the stop and the target took the stop: it is counted as ambiguous.
 */
export function checkLevels(sim: Simulation, s: number, i: number, open: number, high: number, low: number, openTime: number, closeTime: number): void {
  const pf = sim.portfolio;
  const direction = pf.direction[s];
  const trailing = pf.trails(s);
  const fill = sim.exitFill;
  const stop = protectiveStop(pf, s, trailing, fill);
  const near = pf.nearTarget[s];
  if (pf.nextPartial[s] < sim.partialFractions.length) {
    takePartialTargets(sim, s, i, open, high, low, stop, openTime, closeTime);
    if (pf.direction[s] === FLAT) return;
  }
  if (checkExit(direction, open, high, low, stop, fill.reason, pf.takeProfit[s], sim.slippage, fill)) {
    if (fill.reason !== TAKE_PROFIT && !fill.atOpen && (direction > 0 ? high >= near : low <= near)) sim.ambiguous++;
    if (fill.reason === LIQUIDATION) fillAtLiquidation(sim, s);
    if (openTime === openTime) pf.exitTime = fill.atOpen ? openTime : closeTime;
    pf.close(s, fill.price, i, fill.atOpen, fill.reason);
  } else if (trailing) {
    const best = pf.bestPrice[s];
    pf.bestPrice[s] = direction > 0 ? (high > best ? high : best) : low < best ? low : best;
  }
}

/** The nearest of symbol s's stop-loss, trailing stop and liquidation price (NaN = none); its exit reason goes to fill.reason. */
function protectiveStop(pf: Portfolio, s: number, trailing: boolean, fill: ExitFill): number {
  const direction = pf.direction[s];
  let stop = pf.stopLoss[s];
  let reason = STOP_LOSS;
  if (trailing) {
    const fraction = pf.trailFraction[s];
    const trail = fraction === fraction ? pf.bestPrice[s] * (1 - direction * fraction) : pf.bestPrice[s] - direction * pf.trailDistance[s];
    if (stop !== stop || direction * (trail - stop) > 0) {
      stop = trail;
      reason = TRAILING_STOP;
    }
  }
  const liquidation = pf.liquidation[s];
  if (liquidation === liquidation && (stop !== stop || direction * (liquidation - stop) > 0)) {
    stop = liquidation;
    reason = LIQUIDATION;
  }
  fill.reason = reason;
  return stop;
}

/** A liquidation fills at the liquidation price, gap or not; on futures it takes the margin level to its floor. */
function fillAtLiquidation(sim: Simulation, s: number): void {
  const pf = sim.portfolio;
  sim.exitFill.price = pf.liquidation[s];
  sim.exitFill.atOpen = false;
  if (pf.futures) sim.lowestMarginLevel = 1;
}

/** Step 3: symbol s's position (if any) closes at the close of candle i. */
export function closeAtEndOfData(sim: Simulation, s: number, i: number): void {
  const pf = sim.portfolio;
  const d = pf.direction[s];
  if (d !== FLAT) pf.close(s, slipped(sim.closes[s][i], -d, sim.slippage), i, false, END_OF_DATA);
}

