import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { downsampleEquity, type BacktestResult } from '../engine/index.ts';
import { BacktestMetric } from './backtest-metric.entity.ts';
import { BacktestRun } from './backtest-run.entity.ts';
import { BacktestTrade } from './backtest-trade.entity.ts';
import { failpoint } from '../jobs/failpoints.ts';

/** Stored equity points per run: enough for any chart, with every extreme kept by the downsampler. */
export const STORED_EQUITY_POINTS = 2000;
/** Rows per INSERT; keeps each statement far below PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1000;

/**
 * Writes a finished run in one transaction. The run row is locked first, so a concurrent cancel
 * or a second attempt either sees the whole result or none of it; rows a crashed attempt might
 * have left are deleted before the new ones go in. Returns false when the run was cancelled or
 * deleted meanwhile.
 */
export async function persistResult(
  em: EntityManager,
  runId: string,
  result: BacktestResult,
  dataReport: Record<string, unknown>,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const run = await tx.findOne(BacktestRun, { id: runId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!run || run.status !== 'RUNNING') return false;
    await tx.nativeDelete(BacktestTrade, { run: runId });
    await tx.nativeDelete(BacktestMetric, { run: runId });

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
      exitReason: trade.exitReason,
      confidence: trade.confidence,
      stopLoss: trade.stopLoss,
      takeProfit: trade.takeProfit,
      durationMs: trade.exitTimeMs - trade.entryTimeMs,
      signalIndicators: trade.signalIndicators,
    }));
    for (let start = 0; start < trades.length; start += INSERT_CHUNK) {
      await tx.insertMany(BacktestTrade, trades.slice(start, start + INSERT_CHUNK));
    }
    await failpoint('backtest.persist.afterTrades');
    const points = equityPoints(runId, result);
    for (let start = 0; start < points.length; start += INSERT_CHUNK) {
      await tx.insertMany(BacktestMetric, points.slice(start, start + INSERT_CHUNK));
    }

    const m = result.metrics;
    run.status = 'COMPLETED';
    run.progress = 1;
    run.totalBars = result.equity.timeMs.length;
    run.barsProcessed = result.equity.timeMs.length;
    run.completedAt = new Date();
    run.stoppedReason = result.stoppedReason;
    run.dataReport = dataReport;
    run.error = null;
    run.errorCode = null;
    run.totalTrades = m.totalTrades;
    run.winningTrades = m.winningTrades;
    run.losingTrades = m.losingTrades;
    run.winRate = m.winRate;
    run.totalProfitLoss = m.totalProfitLoss;
    run.roi = m.roi;
    run.finalEquity = m.finalEquity;
    run.maxDrawdown = m.maxDrawdown;
    run.maxDrawdownPercentage = m.maxDrawdownPercentage;
    run.sharpeRatio = m.sharpeRatio;
    run.profitFactor = m.profitFactor;
    run.metricsDetail = { ...m, warmupBars: result.warmupBars };
    return true;
  });
}

function equityPoints(runId: string, result: BacktestResult) {
  const curve = result.equity;
  if (curve.timeMs.length === 0) return [];
  const keep = downsampleEquity(curve.timeMs, curve.equity, STORED_EQUITY_POINTS);
  const exitTimes = Float64Array.from(result.trades, (trade) => trade.exitTimeMs).sort();
  let closed = 0;
  return Array.from(keep, (index) => {
    const time = curve.timeMs[index];
    while (closed < exitTimes.length && exitTimes[closed] <= time) closed++;
    return {
      run: runId,
      timestamp: new Date(time),
      equity: curve.equity[index],
      cash: curve.cash[index],
      openPositions: curve.openPositions[index],
      totalTrades: closed,
      drawdown: curve.drawdownPct[index],
    };
  });
}
