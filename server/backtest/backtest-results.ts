import { copyInsert, updateById, withTransaction } from '../db/bulk-insert.ts';
import { tradeReturnsPct, type EngineBacktestResult } from '../engine/index.ts';
import { failpoint } from '../jobs/failpoints.ts';
import type { AppServices } from '../services.ts';
import { BacktestEquityPoint } from './backtest-equity-point.entity.ts';
import { BacktestRun, type StoredExecution } from './backtest-run.entity.ts';
import { BacktestTrade } from './backtest-trade.entity.ts';
import { BacktestFill } from './backtest-fill.entity.ts';
import { placeFills } from './backtest-fills.ts';
import { equityPointRows } from './equity-points.ts';
import { resultColumnValues } from './metric-columns.ts';
import { progressEventOf } from './backtest.service.ts';

/**
 * Writes a finished run in one transaction. The run row is locked first, so a concurrent cancel
 * or a second attempt either sees the whole result or none of it; rows a crashed attempt might
 * have left are deleted before the new ones go in. Returns false when the run was cancelled,
 * deleted, or taken over by a later attempt meanwhile (`attempt` fences out a stale worker).
 */
export async function persistResult(
  services: AppServices,
  runId: string,
  attempt: number,
  result: EngineBacktestResult,
  initialCapital: number,
  dataReport: Record<string, unknown>,
): Promise<boolean> {
  const metadata = services.orm.getMetadata();
  return withTransaction(services.pool, async (client) => {
    const { rows } = await client.query('SELECT status, attempts FROM backtest_run WHERE id = $1 FOR UPDATE', [runId]);
    if (rows.length === 0 || rows[0].status !== 'RUNNING' || rows[0].attempts !== attempt) return false;
    await client.query('DELETE FROM backtest_fill WHERE run_id = $1', [runId]);
    await client.query('DELETE FROM backtest_trade WHERE run_id = $1', [runId]);
    await client.query('DELETE FROM backtest_equity_point WHERE run_id = $1', [runId]);

    const equityReturns = tradeReturnsPct(result.trades, result.equity, initialCapital);
    const fills = placeFills(result.trades, result.fills);
    const trades = result.trades.map((trade, seq) => ({
      run: runId,
      seq,
      legIndex: trade.legIndex,
      symbol: trade.symbol,
      direction: trade.direction,
      entryTime: new Date(trade.entryTimeMs),
      exitTime: new Date(trade.exitTimeMs),
      entryPrice: trade.entryPrice,
      exitPrice: trade.exitPrice,
      quantity: trade.quantity,
      fees: trade.fees,
      profitLoss: trade.profitLoss,
      profitLossPct: trade.profitLossPct,
      equityReturnPct: Number.isFinite(equityReturns[seq]) ? equityReturns[seq] : null,
      exitReason: trade.exitReason,
      confidence: trade.confidence,
      stopLoss: trade.stopLoss,
      takeProfit: trade.takeProfit,
      durationMs: trade.exitTimeMs - trade.entryTimeMs,
      signalIndicators: trade.signalIndicators,
      ...fills.inTrades[seq],
    }));
    // COPY rather than INSERT: the rows are new (the attempt's leftovers were deleted above under the run's lock).
    await copyInsert(client, metadata.get(BacktestTrade.meta.className), trades);
    await copyInsert(client, metadata.get(BacktestFill.meta.className), fillRows(runId, fills.rows));
    await failpoint('backtest.persist.afterTrades');
    await copyInsert(client, metadata.get(BacktestEquityPoint.meta.className), equityPointRows(runId, result));
    const completed = {
      ...resultColumnValues(result),
      status: 'COMPLETED' as const,
      progress: 1,
      totalBars: result.equity.timeMs.length,
      barsProcessed: result.equity.timeMs.length,
      completedAt: new Date(),
      stoppedReason: result.stoppedReason,
      dataReport,
      error: null,
      errorCode: null,
    };
    await updateById(client, metadata.get(BacktestRun.meta.className), runId, { ...completed, execution: storedExecution(result) });
    // Subscribers hear COMPLETED with this commit, from the values it stores.
    await services.pubsub.publishOnCommit(client, 'backtestProgress', runId, progressEventOf({ ...completed, id: runId, liveEquity: null }));
    return true;
  });
}

/** Markers kept per kind: enough for any chart, bounded for a run of millions of bars. */
export const EXECUTION_EVENTS_KEPT = 20_000;

/** The run's execution report as stored (BacktestRun.execution). */
function storedExecution(result: EngineBacktestResult): StoredExecution {
  return {
    summary: result.execution,
    cancelledOrders: result.cancelledOrders.slice(0, EXECUTION_EVENTS_KEPT),
    skippedSignals: result.skippedSignals.slice(0, EXECUTION_EVENTS_KEPT),
    fundingEvents: result.fundingEvents.slice(0, EXECUTION_EVENTS_KEPT),
    detailGaps: result.detailGaps.slice(0, EXECUTION_EVENTS_KEPT),
  };
}

/** The fills stored as rows (the trades that do not keep their own). */
function fillRows(runId: string, fills: ReturnType<typeof placeFills>['rows']) {
  return fills.map((fill) => ({
    run: runId,
    tradeSeq: fill.tradeIndex,
    seq: fill.seq,
    symbol: fill.symbol,
    time: new Date(fill.timeMs),
    side: fill.side,
    price: fill.price,
    quantity: fill.quantity,
    fee: fill.fee,
    reason: fill.reason,
  }));
}
