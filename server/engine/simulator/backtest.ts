import type {
  BacktestConfig,
  BacktestResult,
  BacktestSnapshot,
  BacktestStepper,
  CandleSeries,
  EquityCurve,
  ExitReason,
} from '../contract.ts';
import { validateCandles } from '../candles.ts';
import { IndicatorCache } from '../indicators/cache.ts';
import { computeMetrics } from '../metrics.ts';
import { resample } from '../resample.ts';
import { resolveParamsFor } from '../strategies/params.ts';
import { getStrategyModule } from '../strategies/registry.ts';
import type { PreparedStrategy } from '../strategies/types.ts';
import { EXIT, LONG, NONE, SHORT, Signal } from '../strategies/types.ts';
import { validateBacktestConfig, type StrategyLookup } from './config.ts';
import { checkExit, slipped, type ExitFill } from './fills.ts';
import { FLAT, Portfolio } from './portfolio.ts';
import { desiredQuantity, roundDownToStep, stepDecimals, type SkipReason } from './sizing.ts';
import { buildTimeline } from './timeline.ts';

export interface BacktestOptions {
  /** Shared across runs over the same candles (a sweep) so each indicator series is computed once. */
  readonly cache?: IndicatorCache;
  /** Resolves strategy names; defaults to the public registry (tests inject scripted strategies). */
  readonly strategies?: StrategyLookup;
}

/** BacktestResult plus what the engine adds beyond the contract. */
export interface EngineBacktestResult extends BacktestResult {
  /** Entry signals that did not become positions, by reason. */
  readonly skippedEntries: Readonly<Partial<Record<SkipReason, number>>>;
  /** Entries whose quantity was reduced to what cash allowed. */
  readonly entriesShrunkToCash: number;
}

export interface EngineBacktestStepper extends BacktestStepper {
  result(): EngineBacktestResult;
}

const NO_PENDING_EXIT = 0, PENDING_SIGNAL_EXIT = 1, PENDING_REVERSAL_EXIT = 2;

/**
 * Event order inside one timeline bar t (each step only for symbols that have a candle at t):
 *   1. orders decided at the previous close fill at this open: all exits first (freeing cash), then entries
 *      by confidence (highest first), then symbol name, then leg index;
 *   2. stop-loss / trailing stop / take-profit against this bar's open, high and low (also for positions
 *      opened at this open); the trailing reference then moves to this bar's high (LONG) / low (SHORT);
 *   3. a symbol on its last candle closes its position at the close (END_OF_DATA);
 *   4. equity = cash + positions marked at the close; drawdown from the running peak (which starts at the
 *      initial capital); if it exceeds maxDrawdownStopPct everything closes at the close (RISK_STOP) and the run ends;
 *   5. each strategy leg decides on the closed bar; its order waits for the symbol's next candle.
 */
export function createBacktest(
  data: ReadonlyMap<string, CandleSeries>,
  config: BacktestConfig,
  options: BacktestOptions = {},
): EngineBacktestStepper {
  const lookup = options.strategies ?? getStrategyModule;
  const errors = validateBacktestConfig(config, lookup);
  if (errors.length > 0) throw new Error(`invalid backtest config: ${errors.join('; ')}`);
  const cache = options.cache ?? new IndicatorCache();

  // Symbols in name order: their index doubles as the deterministic tie-break rank.
  const symbols = [...new Set(config.legs.flatMap((leg) => leg.symbols))].sort();
  const series = symbols.map((symbol) => {
    const s = data.get(symbol);
    if (s === undefined) throw new Error(`no candles for symbol ${symbol}`);
    if (s.symbol !== symbol) throw new Error(`candles stored under ${symbol} say they are ${s.symbol}`);
    validateCandles(s);
    return s;
  });
  const timeline = buildTimeline(series);
  const T = timeline.timeMs.length;

  // One slot per (leg, symbol): the prepared strategy and its pending order.
  const slotLeg: number[] = [], slotSymbol: number[] = [], slotWarmup: number[] = [];
  const prepared: PreparedStrategy[] = [];
  config.legs.forEach((leg, legIndex) => {
    const module = lookup(leg.strategy)!;
    const resolved = resolveParamsFor(module, leg.params ?? {});
    if ('errors' in resolved) throw new Error(resolved.errors.join('; '));
    for (const symbol of leg.symbols) {
      const s = symbols.indexOf(symbol);
      const base = series[s];
      const p = module.prepare({
        series: base,
        params: resolved.params,
        cache,
        higherTimeframe: (intervalMs) => cache.get(base, `resample:${intervalMs}`, () => resample(base, intervalMs)),
      });
      slotLeg.push(legIndex);
      slotSymbol.push(s);
      slotWarmup.push(Math.max(p.warmup, 0));
      prepared.push(p);
    }
  });
  const K = prepared.length;
  const S = symbols.length;
  const pendExit = new Int8Array(K), pendEntry = new Int8Array(K);
  const pendConfidence = new Float64Array(K), pendStop = new Float64Array(K), pendTarget = new Float64Array(K);
  const pendSignalBar = new Int32Array(K);
  const candidates = new Int32Array(K);
  let pendingCount = 0;

  const slippage = config.slippageBps / 10_000;
  const trailing = config.trailingStopPct === null ? NaN : config.trailingStopPct / 100;
  const maxDd = config.maxDrawdownStopPct ?? Infinity;
  const qtyDecimals = stepDecimals(config.quantityStep);
  const dustCash = config.initialCapital * 1e-9;
  const portfolio = new Portfolio(symbols, config.initialCapital, config.feeRate);
  const skipped: Partial<Record<SkipReason, number>> = {};
  let shrunk = 0;
  const skip = (reason: SkipReason): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };

  // Bars not simulated yet read NaN, not a fake 0. (Filling here also takes the first-touch page faults of
  // these fresh buffers at set-up instead of inside the bar loop.)
  const equity = new Float64Array(T).fill(NaN), cash = new Float64Array(T).fill(NaN);
  const openPositions = new Float64Array(T).fill(NaN), drawdownPct = new Float64Array(T).fill(NaN);
  const signal = new Signal();
  const exitFill: ExitFill = { price: 0, reason: 'STOP_LOSS', atOpen: false };
  let peak = config.initialCapital;
  let t = 0;
  let done = T === 0;
  let stoppedReason: string | null = null;
  let finalResult: EngineBacktestResult | null = null;

  function openTimeOf(s: number, i: number): number {
    return series[s].openTime[i];
  }

  function closeTimeOf(s: number, i: number): number {
    return series[s].openTime[i] + series[s].intervalMs;
  }

  function onSignal(k: number, s: number, i: number): void {
    const direction = signal.direction;
    const held = portfolio.direction[s];
    if (held !== FLAT && portfolio.legIndex[s] === slotLeg[k]) {
      if (direction === EXIT) pendExit[k] = PENDING_SIGNAL_EXIT;
      else if (direction === held || !config.closeOnOppositeSignal) return;
      else {
        const reverse = config.reverse && (direction === LONG || config.allowShort);
        pendExit[k] = reverse ? PENDING_REVERSAL_EXIT : PENDING_SIGNAL_EXIT;
        if (reverse) queueEntry(k, i, direction);
      }
      pendingCount++;
    } else if (direction === LONG || (direction === SHORT && config.allowShort)) {
      queueEntry(k, i, direction);
      pendingCount++;
    }
  }

  function queueEntry(k: number, i: number, direction: number): void {
    pendEntry[k] = direction;
    pendConfidence[k] = signal.confidence;
    pendStop[k] = signal.stopLoss;
    pendTarget[k] = signal.takeProfit;
    pendSignalBar[k] = i;
  }

  /** Sort order of simultaneous entries: confidence desc, then symbol name, then leg. */
  function before(a: number, b: number): boolean {
    if (pendConfidence[a] !== pendConfidence[b]) return pendConfidence[a] > pendConfidence[b];
    if (slotSymbol[a] !== slotSymbol[b]) return slotSymbol[a] < slotSymbol[b];
    return slotLeg[a] < slotLeg[b];
  }

  function fillPending(bar: number): void {
    for (let k = 0; k < K; k++) {
      if (pendExit[k] === NO_PENDING_EXIT) continue;
      const s = slotSymbol[k], i = timeline.barOf[s][bar];
      if (i < 0) continue;
      if (portfolio.direction[s] !== FLAT && portfolio.legIndex[s] === slotLeg[k]) {
        const price = slipped(series[s].open[i], -portfolio.direction[s], slippage);
        sync(bar);
        portfolio.close(s, price, i, openTimeOf(s, i), pendExit[k] === PENDING_REVERSAL_EXIT ? 'REVERSAL' : 'SIGNAL');
      }
      pendExit[k] = NO_PENDING_EXIT;
    }
    let m = 0;
    for (let k = 0; k < K; k++) {
      if (pendEntry[k] === NONE || timeline.barOf[slotSymbol[k]][bar] < 0) continue;
      // Insertion sort: a handful of candidates at most, and no allocation.
      let j = m++;
      while (j > 0 && before(k, candidates[j - 1])) {
        candidates[j] = candidates[j - 1];
        j--;
      }
      candidates[j] = k;
    }
    for (let c = 0; c < m; c++) {
      const k = candidates[c];
      tryEntry(k, timeline.barOf[slotSymbol[k]][bar], bar);
      pendEntry[k] = NONE;
    }
    pendingCount = 0;
    for (let k = 0; k < K; k++) if (pendExit[k] !== NO_PENDING_EXIT || pendEntry[k] !== NONE) pendingCount++;
  }

  function tryEntry(k: number, i: number, bar: number): void {
    const s = slotSymbol[k];
    if (portfolio.direction[s] !== FLAT) return skip('SYMBOL_BUSY');
    if (portfolio.openCount >= config.maxOpenPositions) return skip('MAX_OPEN_POSITIONS');
    const direction = pendEntry[k];
    const open = series[s].open[i];
    const price = slipped(open, direction, slippage);
    const stop = pendStop[k], target = pendTarget[k];
    // A level already crossed at the fill invalidates the signal (it would exit at once, paying fees for nothing).
    if (stop === stop && direction * (open - stop) <= 0) return skip('STOP_BEYOND_FILL');
    if (target === target && direction * (target - price) <= 0) return skip('TARGET_BEYOND_FILL');
    const equityNow = config.sizing.mode === 'FIXED_QUOTE' ? portfolio.cash : portfolio.equity();
    if (!(equityNow > 0)) return skip('NO_EQUITY');
    let quantity = desiredQuantity(config.sizing.mode, config.sizing.value, price, equityNow, stop);
    if (quantity !== quantity) return skip('NO_STOP_FOR_RISK_SIZING');
    if (portfolio.entryCost(quantity, price) > portfolio.cash) {
      // Rounding dust left by an earlier shrink is not cash worth a position.
      if (portfolio.cash <= dustCash) return skip('INSUFFICIENT_CASH');
      // Never spend cash the account does not have: shrink to what cash pays for, fee included.
      quantity = (portfolio.cash / portfolio.entryCost(1, price)) * (1 - 1e-12);
      shrunk++;
    }
    quantity = roundDownToStep(quantity, config.quantityStep, qtyDecimals);
    if (quantity > 0 && portfolio.entryCost(quantity, price) > portfolio.cash) quantity = roundDownToStep(quantity - config.quantityStep, config.quantityStep, qtyDecimals);
    if (!(quantity > 0)) return skip('ZERO_QUANTITY');
    if (quantity * price < config.minNotional) return skip('BELOW_MIN_NOTIONAL');
    const signalBar = pendSignalBar[k];
    sync(bar);
    portfolio.open(s, direction, quantity, price, i, openTimeOf(s, i), stop, target, pendConfidence[k], slotLeg[k], prepared[k].indicatorsAt(signalBar));
  }

  function checkProtectiveExits(s: number, i: number, bar: number): void {
    const direction = portfolio.direction[s];
    const high = series[s].high[i], low = series[s].low[i];
    let stop = portfolio.stopLoss[s];
    let stopReason: ExitReason = 'STOP_LOSS';
    if (trailing === trailing) {
      const trail = portfolio.bestPrice[s] * (1 - direction * trailing);
      if (stop !== stop || direction * (trail - stop) > 0) {
        stop = trail;
        stopReason = 'TRAILING_STOP';
      }
    }
    if (checkExit(direction, series[s].open[i], high, low, stop, stopReason, portfolio.takeProfit[s], slippage, exitFill)) {
      sync(bar);
      portfolio.close(s, exitFill.price, i, exitFill.atOpen ? openTimeOf(s, i) : closeTimeOf(s, i), exitFill.reason);
    } else if (trailing === trailing) {
      const best = portfolio.bestPrice[s];
      portfolio.bestPrice[s] = direction > 0 ? (high > best ? high : best) : low < best ? low : best;
    }
  }

  function closeAllAtClose(bar: number, reason: ExitReason): void {
    for (let s = 0; s < S; s++) {
      const d = portfolio.direction[s];
      if (d === FLAT) continue;
      let i = timeline.barOf[s][bar];
      if (i < 0) for (let u = bar; u >= 0 && i < 0; u--) i = timeline.barOf[s][u];
      sync(bar);
      portfolio.close(s, slipped(series[s].close[i], -d, slippage), i, closeTimeOf(s, i), reason);
    }
  }

  // Per-bar state history. The loops store only equity; cash and open-position counts change only at
  // fills, so sync() back-fills them (typed-array fill) just before each change and at the end of every
  // slice; drawdown is filled per slice by finishSlice().
  let syncedTo = 0;
  let ddDoneTo = 0, ddPeak = config.initialCapital;

  function sync(bar: number): void {
    const c = portfolio.cash, n = portfolio.openCount;
    // A plain loop: for the short runs between fills it beats TypedArray.prototype.fill's call overhead.
    for (let b = syncedTo; b < bar; b++) {
      cash[b] = c;
      openPositions[b] = n;
    }
    if (bar > syncedTo) syncedTo = bar;
  }

  /** Completes cash, open positions and drawdown (from the running peak, which starts at the initial capital) up to bar `end` (exclusive). */
  function finishSlice(end: number): void {
    sync(end);
    let top = ddPeak;
    for (let b = ddDoneTo; b < end; b++) {
      const e = equity[b];
      if (e > top) top = e;
      drawdownPct[b] = top > 0 ? ((top - e) / top) * 100 : 0;
    }
    ddPeak = top;
    ddDoneTo = end;
  }

  const lastIndex = Int32Array.from(series, (sc) => sc.length - 1);
  const closes = series.map((sc) => sc.close);
  const warmups = Int32Array.from(slotWarmup);
  const slotSym = Int32Array.from(slotSymbol);
  // Risk stop: drawdown > maxDd %  ⇔  equity < peak × (1 − maxDd / 100), checked without a division per bar.
  const riskFloor = Number.isFinite(maxDd) ? 1 - maxDd / 100 : -Infinity;

  function riskStop(bar: number, top: number): void {
    const dd = ((top - equity[bar]) / top) * 100;
    closeAllAtClose(bar, 'RISK_STOP');
    equity[bar] = portfolio.equity();
    stoppedReason = `drawdown ${dd.toFixed(2)}% exceeded maxDrawdownStopPct ${maxDd}% at ${new Date(timeline.timeMs[bar]).toISOString()}; all positions closed, run stopped`;
    done = true;
    t = bar + 1;
    finishSlice(t);
  }

  /** The general loop (several symbols on the union timeline). Locals only, no allocation unless a trade happens. */
  function runBars(end: number): void {
    const barOf = timeline.barOf;
    const direction = portfolio.direction;
    const lastClose = portfolio.lastClose;
    let top = peak;
    let bar = t;
    for (; bar < end; bar++) {
      if (pendingCount > 0) fillPending(bar);
      for (let s = 0; s < S; s++) {
        const i = barOf[s][bar];
        if (i < 0) continue;
        lastClose[s] = closes[s][i];
        if (direction[s] === FLAT) continue;
        checkProtectiveExits(s, i, bar);
        if (i === lastIndex[s] && direction[s] !== FLAT) {
          sync(bar);
          portfolio.close(s, slipped(closes[s][i], -direction[s], slippage), i, closeTimeOf(s, i), 'END_OF_DATA');
        }
      }
      const e = portfolio.equity();
      equity[bar] = e;
      if (e > top) top = e;
      if (e < top * riskFloor) {
        peak = top;
        return riskStop(bar, top);
      }
      for (let k = 0; k < K; k++) {
        const i = barOf[slotSym[k]][bar];
        // No decision before warm-up, nor on a symbol's last candle (there is no next open to fill at).
        if (i < warmups[k] || i >= lastIndex[slotSym[k]]) continue;
        signal.reset();
        prepared[k].decide(i, signal);
        if (signal.direction !== NONE) onSignal(k, slotSym[k], i);
      }
    }
    peak = top;
    t = bar;
    finishSlice(t);
    if (t >= T) done = true;
  }

  /**
   * Same event order as runBars, specialised for one symbol (timeline bar = candle index), the common
   * case: everything the loop touches is a local, and the stop check is a two-comparison pre-filter
   * (a gap through a level also shows in the low/high) before the full checkExit.
   */
  function runSingleSymbol(end: number): void {
    const sc = series[0];
    const high = sc.high, low = sc.low, close = sc.close;
    const direction = portfolio.direction, stopLoss = portfolio.stopLoss, takeProfit = portfolio.takeProfit;
    const lastClose = portfolio.lastClose;
    const last = lastIndex[0];
    const hasTrailing = trailing === trailing;
    let top = peak;
    let bar = t;
    for (; bar < end; bar++) {
      if (pendingCount > 0) fillPending(bar);
      const c = close[bar];
      lastClose[0] = c;
      let e = portfolio.cash;
      if (direction[0] !== FLAT) {
        const d = direction[0], stop = stopLoss[0], target = takeProfit[0];
        if (hasTrailing || (d > 0 ? low[bar] <= stop || high[bar] >= target : high[bar] >= stop || low[bar] <= target)) {
          checkProtectiveExits(0, bar, bar);
        }
        if (bar === last && direction[0] !== FLAT) {
          sync(bar);
          portfolio.close(0, slipped(c, -direction[0], slippage), bar, closeTimeOf(0, bar), 'END_OF_DATA');
        }
        e = portfolio.cash + portfolio.positionValue(0, c);
      }
      equity[bar] = e;
      if (e > top) top = e;
      if (e < top * riskFloor) {
        peak = top;
        return riskStop(bar, top);
      }
      if (bar < last) {
        for (let k = 0; k < K; k++) {
          if (bar < warmups[k]) continue;
          signal.reset();
          prepared[k].decide(bar, signal);
          if (signal.direction !== NONE) onSignal(k, 0, bar);
        }
      }
    }
    peak = top;
    t = bar;
    finishSlice(t);
    if (t >= T) done = true;
  }

  function buildResult(): EngineBacktestResult {
    const n = t;
    const cut = (a: Float64Array): Float64Array => (n === T ? a : a.slice(0, n));
    const curve: EquityCurve = {
      timeMs: cut(timeline.timeMs),
      equity: cut(equity),
      cash: cut(cash),
      openPositions: cut(openPositions),
      drawdownPct: cut(drawdownPct),
    };
    const buyAndHold = series.filter((s) => s.length > 0).map((s) => ({ firstClose: s.close[0], lastClose: s.close[s.length - 1] }));
    const trades = portfolio.trades;
    return {
      trades,
      equity: curve,
      metrics: computeMetrics(trades, curve, config.initialCapital, buyAndHold),
      stoppedReason,
      warmupBars: slotWarmup.reduce((a, b) => Math.max(a, b), 0),
      skippedEntries: { ...skipped },
      entriesShrunkToCash: shrunk,
    };
  }

  return {
    totalBars: T,
    step(maxBars: number): boolean {
      if (!done) {
        const end = Math.min(T, t + Math.max(0, Math.floor(Math.min(maxBars, T))));
        if (S === 1) runSingleSymbol(end);
        else runBars(end);
      }
      return done;
    },
    snapshot(): BacktestSnapshot {
      const last = t - 1;
      return {
        barsProcessed: t,
        totalBars: T,
        timeMs: last >= 0 ? timeline.timeMs[last] : NaN,
        equity: last >= 0 ? equity[last] : config.initialCapital,
        cash: portfolio.cash,
        openPositions: portfolio.openCount,
        tradesSoFar: portfolio.trades.length,
        drawdownPct: last >= 0 ? drawdownPct[last] : 0,
      };
    },
    result(): EngineBacktestResult {
      if (!done) throw new Error('result() called before the backtest finished: step() until it returns true');
      finalResult ??= buildResult();
      return finalResult;
    },
  };
}

/** create + step(Infinity) + result(). */
export function runBacktest(data: ReadonlyMap<string, CandleSeries>, config: BacktestConfig, options: BacktestOptions = {}): EngineBacktestResult {
  const stepper = createBacktest(data, config, options);
  stepper.step(Infinity);
  return stepper.result();
}
