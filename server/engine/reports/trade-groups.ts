import type { ExitReasonRow, PairRow, TradeGroupStats } from './columns.ts';
import type { ReportTrade } from './report-trade.ts';

/**
 * The statistics of one group of trades, summed in the trades' order. The groups of a table partition
 * the run's trades, so their trades, P/L and fees add up to the run's totals (up to float rounding of
 * the different summation order).
 */
export function tradeGroupStats(trades: readonly ReportTrade[], runProfitLoss: number): TradeGroupStats {
  let wins = 0, losses = 0, profitLoss = 0, fees = 0, grossProfit = 0, grossLoss = 0, pctSum = 0, durationSum = 0;
  let best = -Infinity, worst = Infinity;
  for (const t of trades) {
    profitLoss += t.profitLoss;
    fees += t.fees;
    pctSum += t.profitLossPct;
    durationSum += t.exitTimeMs - t.entryTimeMs;
    if (t.profitLoss > 0) {
      wins++;
      grossProfit += t.profitLoss;
    } else if (t.profitLoss < 0) {
      losses++;
      grossLoss -= t.profitLoss;
    }
    if (t.profitLoss > best) best = t.profitLoss;
    if (t.profitLoss < worst) worst = t.profitLoss;
  }
  const n = trades.length;
  return {
    trades: n,
    wins,
    losses,
    winRate: n > 0 ? (wins / n) * 100 : null,
    profitLoss,
    profitLossShare: runProfitLoss !== 0 ? (profitLoss / runProfitLoss) * 100 : null,
    avgProfitLossPct: n > 0 ? pctSum / n : null,
    fees,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    avgDurationMs: n > 0 ? durationSum / n : null,
    bestTrade: n > 0 ? best : null,
    worstTrade: n > 0 ? worst : null,
  };
}

function groupBy(trades: readonly ReportTrade[], keyOf: (t: ReportTrade) => string, keys: readonly string[]): Map<string, ReportTrade[]> {
  const groups = new Map<string, ReportTrade[]>(keys.map((key) => [key, []]));
  for (const t of trades) {
    const key = keyOf(t);
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  return groups;
}

const totalProfitLoss = (trades: readonly ReportTrade[]) => trades.reduce((sum, t) => sum + t.profitLoss, 0);

/**
 * One row per symbol of the run (`symbols`: its universe, so a pair that never traded shows with 0
 * trades), then any other symbol met in the trades; ordered by P/L, best first, ties by symbol.
 */
export function perPairTable(trades: readonly ReportTrade[], symbols: readonly string[] = []): PairRow[] {
  const total = totalProfitLoss(trades);
  return [...groupBy(trades, (t) => t.symbol, symbols)]
    .map(([symbol, group]) => ({ symbol, ...tradeGroupStats(group, total) }))
    .sort((a, b) => b.profitLoss - a.profitLoss || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** One row per exit reason met, most trades first, ties by reason. */
export function exitReasonTable(trades: readonly ReportTrade[]): ExitReasonRow[] {
  const total = totalProfitLoss(trades);
  return [...groupBy(trades, (t) => t.exitReason, [])]
    .map(([exitReason, group]) => ({ exitReason, ...tradeGroupStats(group, total) }))
    .sort((a, b) => b.trades - a.trades || (a.exitReason < b.exitReason ? -1 : 1));
}
