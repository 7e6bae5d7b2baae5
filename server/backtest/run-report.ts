import {
  allocationOverTime,
  calendarReturns,
  compareWithBenchmark,
  dayEndPoints,
  exitReasonTable,
  exposureOverTime,
  openAtEnd,
  perPairTable,
  type Allocation,
  type BenchmarkComparison,
  type CalendarPeriod,
  type ReportEquityPoint,
  type ReportFill,
  type ReportTrade,
} from '../engine/index.ts';
import type { AppServices } from '../services.ts';
import type { IBacktestRun } from './backtest-run.entity.ts';
import { readRunSettings } from './run-settings.ts';
import { buyAndHoldCurve } from './run-charts.ts';
import { runFills } from './backtest-fills.ts';

/**
 * The reports of a completed run, derived from its stored trades and equity points (engine/reports) and,
 * for the benchmark, its candles. Each is computed on first use and kept for the rest of the request, so a
 * query asking for several tables reads the trades once.
 */
export class RunReport {
  private tradesLoad: Promise<ReportTrade[]> | null = null;
  private pointsLoad: Promise<ReportEquityPoint[]> | null = null;
  private benchmarkLoad: Promise<BenchmarkReport> | null = null;

  constructor(
    readonly services: AppServices,
    readonly run: IBacktestRun,
  ) {}

  get initialCapital(): number {
    return readRunSettings(this.run.settings).initialCapital;
  }

  trades(): Promise<ReportTrade[]> {
    return (this.tradesLoad ??= loadTrades(this.services, this.run.id));
  }

  points(): Promise<ReportEquityPoint[]> {
    return (this.pointsLoad ??= loadPoints(this.services, this.run.id));
  }

  async perPair() {
    return perPairTable(await this.trades(), this.run.symbols);
  }

  async exitReasons() {
    return exitReasonTable(await this.trades());
  }

  async calendar(period: CalendarPeriod) {
    return calendarReturns(await this.points(), this.initialCapital, period, await this.trades());
  }

  async openTrades() {
    return openAtEnd(await this.trades());
  }

  async exposure() {
    return exposureOverTime(await this.points());
  }

  async allocation(): Promise<Allocation> {
    return allocationOverTime(await this.points(), await this.trades());
  }

  benchmark(): Promise<BenchmarkReport> {
    return (this.benchmarkLoad ??= this.computeBenchmark());
  }

  private async computeBenchmark(): Promise<BenchmarkReport> {
    const days = dayEndPoints(await this.points());
    const times = days.map((p) => p.timeMs);
    const benchmark = (await buyAndHoldCurve(this.services, this.run, times)).map((p) => p.value);
    const comparison = compareWithBenchmark(
      days.map((p) => p.equity),
      benchmark,
      this.initialCapital,
    );
    return { ...comparison, line: times.map((timeMs, k) => ({ timeMs, equity: days[k].equity, benchmark: benchmark[k] })) };
  }
}

export interface BenchmarkPoint {
  readonly timeMs: number;
  readonly equity: number;
  readonly benchmark: number;
}

export interface BenchmarkReport extends BenchmarkComparison {
  /** The run's and the benchmark's equity at the end of each UTC day. */
  readonly line: readonly BenchmarkPoint[];
}

async function loadTrades(services: AppServices, runId: string): Promise<ReportTrade[]> {
  const { rows } = await services.pool.query<Record<string, unknown>>(
    `SELECT seq, symbol, direction, (extract(epoch FROM entry_time) * 1000)::float8 AS entry_ms, (extract(epoch FROM exit_time) * 1000)::float8 AS exit_ms,
            entry_price, exit_price, quantity, fees, profit_loss, profit_loss_pct, exit_reason
       FROM backtest_trade WHERE run_id = $1 ORDER BY seq`,
    [runId],
  );
  const fills = await loadFillsByTrade(services, runId);
  return rows.map((r) => ({
    fills: fills.get(r.seq as number) ?? [],
    symbol: r.symbol as string,
    direction: r.direction as ReportTrade['direction'],
    entryTimeMs: Math.round(r.entry_ms as number),
    exitTimeMs: Math.round(r.exit_ms as number),
    entryPrice: r.entry_price as number,
    exitPrice: r.exit_price as number,
    quantity: r.quantity as number,
    fees: r.fees as number,
    profitLoss: r.profit_loss as number,
    profitLossPct: r.profit_loss_pct as number,
    exitReason: r.exit_reason as string,
  }));
}

/** Each trade's fills in order, by the trade's seq (what allocation over time reads of a partial exit or an add). */
async function loadFillsByTrade(services: AppServices, runId: string): Promise<Map<number, ReportFill[]>> {
  const byTrade = new Map<number, ReportFill[]>();
  for (const fill of (await runFills(services.pool, runId)).sort((a, b) => a.tradeSeq - b.tradeSeq || a.seq - b.seq)) {
    const list = byTrade.get(fill.tradeSeq) ?? [];
    list.push({ timeMs: fill.time.getTime(), side: fill.side, price: fill.price, quantity: fill.quantity });
    byTrade.set(fill.tradeSeq, list);
  }
  return byTrade;
}

async function loadPoints(services: AppServices, runId: string): Promise<ReportEquityPoint[]> {
  const { rows } = await services.pool.query<Record<string, unknown>>(
    `SELECT (extract(epoch FROM timestamp) * 1000)::float8 AS time_ms, equity, cash, open_positions
       FROM backtest_equity_point WHERE run_id = $1 ORDER BY timestamp`,
    [runId],
  );
  return rows.map((r) => ({ timeMs: Math.round(r.time_ms as number), equity: r.equity as number, cash: r.cash as number, openPositions: r.open_positions as number }));
}
