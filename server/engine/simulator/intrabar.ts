import { candleCloseTimeMs } from '../candles.ts';
import { marginLevel } from '../futures/liquidation.ts';
import { NONE } from '../strategies/types.ts';
import { checkLevels, closeAtEndOfData, mayReachLevel } from './level-checks.ts';
import { slipped } from './fills.ts';
import { LIMIT_ENTRY, STOP_ENTRY } from './entry-types.ts';
import { cancelResting, openPosition } from './orders.ts';
import { takeReached } from './scaling.ts';
import { FLAT } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
import { ENTRY_LIMIT, ENTRY_STOP, ENTRY_STOP_LIMIT, TAKE_PROFIT } from './trade-log.ts';

/**
 * The execution model beyond market orders at the open, for runs that use it (Simulation.extended):
 *   - intrabar detail: step 2 runs on the finer candles inside the bar, in time order, so a bar that
 *     touched both the stop and the target is settled by which the finer candles reached first;
 *   - resting limit, stop and stop-limit entries, filled inside a bar (fill rules in fillResting);
 *   - futures: funding settlements, the lowest margin level, liquidation (a level of checkLevels).
 * A position opened inside a candle by a resting entry is protected from the next candle on: the path
 * after the fill inside that candle is unknown (backtesting.py does the same). The one exception is a stop
 * entry whose target the candle reached while its stop was not: the target came after the entry for sure.
 */
export function settleExtended(sim: Simulation, s: number, i: number): void {
  const pf = sim.portfolio;
  const sc = sim.series[s];
  pf.lastClose[s] = sc.close[i];
  const resting = hasResting(sim, s);
  if (resting || (pf.direction[s] !== FLAT && mayReachLevel(sim, s, i))) {
    const detail = sim.execution.detail[s];
    const range = sim.execution.detailRange[s];
    const from = range === null ? 0 : range[2 * i], to = range === null ? 0 : range[2 * i + 1];
    if (detail !== null && to > from) {
      sim.barsWithDetail++;
      for (let j = from; j < to; j++) {
        const openTime = detail.openTime[j];
        segment(sim, s, i, detail.open[j], detail.high[j], detail.low[j], openTime, candleCloseTimeMs(openTime, detail.intervalMs));
      }
    } else {
      if (sim.detailRequested) sim.barsWithoutDetail++;
      segment(sim, s, i, sc.open[i], sc.high[i], sc.low[i], NaN, NaN);
    }
    if (resting) expireResting(sim, s, i);
  }
  if (pf.futures && pf.direction[s] !== FLAT) trackMarginLevel(sim, s, i);
  if (i === sim.lastIndex[s]) closeAtEndOfData(sim, s, i);
}

function hasResting(sim: Simulation, s: number): boolean {
  if (sim.entryType === 0) return false;
  for (let k = 0; k < sim.K; k++) if (sim.slotSymbol[k] === s && sim.pendEntry[k] !== NONE) return true;
  return false;
}

/** One candle of prices inside bar i (the bar itself when openTime is NaN): resting entries, then protective exits. */
function segment(sim: Simulation, s: number, i: number, open: number, high: number, low: number, openTime: number, closeTime: number): void {
  const pf = sim.portfolio;
  if (pf.direction[s] === FLAT) {
    for (let k = 0; k < sim.K; k++) {
      if (sim.slotSymbol[k] !== s || sim.pendEntry[k] === NONE) continue;
      if (fillResting(sim, k, i, open, high, low, openTime)) {
        certainTarget(sim, k, s, i, high, low, closeTime);
        return;
      }
    }
  }
  if (pf.direction[s] !== FLAT) checkLevels(sim, s, i, open, high, low, openTime, closeTime);
}

/**
 * Fill rules of a resting entry of direction d on one candle:
 *   LIMIT   fills only when price trades through the limit (low < limit for a buy, high > limit for a sell),
 *           at the limit or at a better open (gap); no slippage; maker fee.
 *   STOP    fills when price reaches the trigger (high ≥ stop for a buy, low ≤ stop for a sell), at the
 *           trigger or at a worse open (gap), then slipped like a market order; taker fee.
 *   STOP_LIMIT triggers like STOP; the first price after the trigger (the trigger or a worse open) fills
 *           when it is within the limit (taker fee, no slippage); beyond it (a gap past the limit) the order
 *           rests as a limit from the next candle on.
 * Returns true when a position opened (the entry may still be skipped by the sizing rules).
 */
function fillResting(sim: Simulation, k: number, i: number, open: number, high: number, low: number, openTime: number): boolean {
  const d = sim.pendEntry[k];
  const type = sim.entryType;
  const level = sim.restPrice[k];
  let price: number, fee: number, kind: number;
  if (type === LIMIT_ENTRY || (type !== STOP_ENTRY && sim.restTriggered[k] === 1)) {
    const limit = type === LIMIT_ENTRY ? level : sim.restLimit[k];
    if (!(d > 0 ? low < limit : high > limit)) return false;
    price = d > 0 ? Math.min(open, limit) : Math.max(open, limit);
    fee = sim.makerFee;
    kind = type === LIMIT_ENTRY ? ENTRY_LIMIT : ENTRY_STOP_LIMIT;
  } else {
    if (!(d > 0 ? high >= level : low <= level)) return false;
    const triggered = d > 0 ? Math.max(open, level) : Math.min(open, level);
    fee = sim.takerFee;
    if (type === STOP_ENTRY) {
      price = slipped(triggered, d, sim.slippage);
      kind = ENTRY_STOP;
    } else {
      if (d * (triggered - sim.restLimit[k]) > 0) {
        sim.restTriggered[k] = 1;
        return false;
      }
      price = triggered;
      kind = ENTRY_STOP_LIMIT;
    }
  }
  const opened = openPosition(sim, k, i, NaN, price, fee, kind);
  if (opened && openTime === openTime) sim.portfolio.entryTime[sim.slotSymbol[k]] = openTime;
  sim.pendEntry[k] = NONE;
  return opened;
}

/** A stop entry's targets (partial ones first) reached in its fill candle while its stop was not: certain, they fill at their levels. */
function certainTarget(sim: Simulation, k: number, s: number, i: number, high: number, low: number, closeTime: number): void {
  const pf = sim.portfolio;
  if (pf.direction[s] === FLAT || sim.entryType !== STOP_ENTRY) return;
  const d = pf.direction[s];
  const target = pf.takeProfit[s], stop = pf.stopLoss[s], near = pf.nearTarget[s];
  const reached = d > 0 ? high >= near : low <= near;
  const stopSafe = stop !== stop || (d > 0 ? low > stop : high < stop);
  const liquidation = pf.liquidation[s];
  const liquidationSafe = liquidation !== liquidation || (d > 0 ? low > liquidation : high < liquidation);
  if (!reached || !stopSafe || !liquidationSafe) return;
  if (pf.nextPartial[s] < sim.partialFractions.length) {
    takeReached(sim, s, i, d > 0 ? high : low, false, closeTime);
    if (pf.direction[s] === FLAT || !(d > 0 ? high >= target : low <= target)) return;
  }
  if (closeTime === closeTime) pf.exitTime = closeTime;
  pf.close(s, target, i, false, TAKE_PROFIT);
  void k;
}

/** Resting entries on symbol s still unfilled after their last candle (or at the symbol's last candle) are cancelled. */
function expireResting(sim: Simulation, s: number, i: number): void {
  for (let k = 0; k < sim.K; k++) {
    if (sim.slotSymbol[k] !== s || sim.pendEntry[k] === NONE) continue;
    if (i >= sim.restExpires[k] || i === sim.lastIndex[s]) cancelResting(sim, k, i);
  }
}

/** The position's margin level at the bar's worst price for it (low for a LONG, high for a SHORT). */
function trackMarginLevel(sim: Simulation, s: number, i: number): void {
  const pf = sim.portfolio;
  const d = pf.direction[s];
  const sc = sim.series[s];
  const worst = d > 0 ? sc.low[i] : sc.high[i];
  const bracket = { notionalFloor: 0, maxLeverage: 0, maintenanceMarginRate: pf.maintenanceRate[s], maintenanceAmount: pf.maintenanceAmount[s] };
  const level = marginLevel(d, pf.quantity[s], pf.entryPrice[s], pf.margin[s], bracket, worst);
  if (level < sim.lowestMarginLevel) sim.lowestMarginLevel = level;
}

/**
 * Funding settlements of symbol s up to the close of its candle i, before the fills at its open: each
 * settlement at time T with rate r pays −side × quantity × mark × r into the isolated margin of a position
 * held at T (longs pay a positive rate, shorts receive it). The mark is the open of the finest candle
 * containing T (the detail candle when there is one, else the bar; the last close when T fell in a gap).
 * A position opened at the open of the bar at T did not hold it at T; one closed at that open did.
 */
export function applyFunding(sim: Simulation, s: number, i: number): void {
  const funding = sim.execution.funding[s]!;
  const sc = sim.series[s];
  const end = candleCloseTimeMs(sc.openTime[i], sc.intervalMs);
  const pf = sim.portfolio;
  let c = sim.fundingCursor[s];
  const times = funding.timeMs;
  for (; c < times.length && times[c] < end; c++) {
    if (pf.direction[s] === FLAT || times[c] < sc.openTime[pf.entryBar[s]]) continue;
    const t = times[c];
    const mark = t >= sc.openTime[i] ? markAt(sim, s, i, t) : pf.lastClose[s];
    const payment = -pf.direction[s] * pf.quantity[s] * mark * funding.rate[c];
    pf.applyFunding(s, payment);
    if (sim.keepEvents) sim.fundingEvents.push({ symbol: sc.symbol, timeMs: t, rate: funding.rate[c], markPrice: mark, payment });
  }
  sim.fundingCursor[s] = c;
}

function markAt(sim: Simulation, s: number, i: number, t: number): number {
  const detail = sim.execution.detail[s], range = sim.execution.detailRange[s];
  if (detail !== null && range !== null) {
    for (let j = range[2 * i]; j < range[2 * i + 1]; j++) if (detail.openTime[j] <= t && t < candleCloseTimeMs(detail.openTime[j], detail.intervalMs)) return detail.open[j];
  }
  return sim.series[s].open[i];
}
