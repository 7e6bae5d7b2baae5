import { graphql } from '../../graphql.ts';
import { MetricsFields, RunSettingsFields } from '../../lib/operations.ts';
import { ParamValueFields } from '../../lib/values.ts';

/** Every GraphQL operation of the backtest screens (validated against schema.graphql by web/test/operations.test.ts). */

/** A run's strategy legs: strategy, parameters (defaults filled in) and symbols. */
export const RunLegFields = graphql(
  `
  fragment RunLegFields on RunLeg { strategy strategyTitle symbols params { ...ParamValueFields } }
`,
  [ParamValueFields],
);

export const RunRowFields = graphql(
  `
  fragment RunRowFields on BacktestRun {
    id name status progress barsProcessed totalBars strategy legs { ...RunLegFields } symbols timeframe createdAt startDate endDate errorCode error
    metrics { totalTrades roi totalProfitLoss winRate maxDrawdownPercentage sharpeRatio profitFactor }
  }
`,
  [RunLegFields],
);

/** What the run's data held per symbol. */
export const DataReportFields = graphql(`
  fragment DataReportFields on DataReport {
    symbols { symbol bars gaps missingBars filledBars download { stored skipped error } history { requestedBars bars gaps missingBars } }
  }
`);

export const BACKTESTS = graphql(
  `
  query Backtests($first: Int!, $after: String, $filter: BacktestFilter, $orderBy: BacktestOrder) {
    backtests(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...RunRowFields } }
    }
  }
`,
  [RunRowFields],
);

/** Every run created, changed (status, stored progress) or deleted, by anyone: keeps the runs list current. */
export const BACKTEST_CHANGES = graphql(
  `
  subscription BacktestChanges {
    backtestChanges { kind backtestId run { ...RunRowFields } }
  }
`,
  [RunRowFields],
);

export const BACKTEST_PROGRESS = graphql(`
  subscription BacktestProgress($id: ID!) {
    backtestProgress(id: $id) { backtestId status progress barsProcessed totalBars currentEquity tradesSoFar message }
  }
`);

export const BACKTEST_EQUITY = graphql(`
  subscription BacktestEquity($id: ID!, $maxPoints: Int) {
    backtestEquity(id: $id, maxPoints: $maxPoints) { backtestId done points { timestamp equity drawdown openPositions } }
  }
`);

export const RUN_DETAIL = graphql(
  `
  query RunDetail($id: ID!) {
    backtest(id: $id) {
      id name status progress barsProcessed totalBars attempts strategy legs { ...RunLegFields } symbols timeframe
      startDate endDate gapPolicy fetchMissingData warmupHistory dataReport { ...DataReportFields }
      error errorCode stoppedReason createdAt startedAt completedAt reportUrl
      settings { ...RunSettingsFields }
      metrics { ...MetricsFields }
    }
  }
`,
  [MetricsFields, RunSettingsFields, RunLegFields, DataReportFields],
);

export const EQUITY_CURVE = graphql(`
  query EquityCurve($id: ID!, $maxPoints: Int) {
    backtest(id: $id) { id equityCurve(maxPoints: $maxPoints) { timestamp equity cash drawdown openPositions totalTrades } }
  }
`);

export const TradeFields = graphql(`
  fragment TradeFields on BacktestTrade {
    id seq legIndex symbol direction entryTime exitTime entryPrice exitPrice quantity fees
    profitLoss profitLossPct exitReason confidence stopLoss takeProfit durationMs
  }
`);

/** One page of a run's trades, filtered and sorted by the server. */
export const RUN_TRADES = graphql(
  `
  query RunTrades($id: ID!, $first: Int!, $after: String, $filter: TradeFilter, $orderBy: TradeOrder) {
    backtest(id: $id) {
      id
      trades(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ...TradeFields } }
      }
    }
  }
`,
  [TradeFields],
);

/** Just what a chart marker needs, for every trade of a run (page by page). */
export const RUN_TRADE_MARKS = graphql(`
  query RunTradeMarks($id: ID!, $first: Int!, $after: String) {
    backtest(id: $id) {
      id
      trades(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { symbol entryTime exitTime entryPrice exitPrice profitLoss exitReason } }
      }
    }
  }
`);

/** A completed run's fills and execution report (cancelled orders, funding settlements, liquidations): the chart's markers and the trade table's fills. */
export const RUN_EXECUTION = graphql(`
  query RunExecution($id: ID!) {
    backtest(id: $id) {
      id
      execution {
        summary { ambiguousExits ambiguityRule cancelledOrders fundingTotal liquidations lowestMarginLevel bracketTableAsOf barsWithDetail barsWithoutDetail }
        cancelledOrders { symbol price cancelledTimeMs }
        skippedSignals { symbol direction timeMs rankValue reason }
        fundingEvents { symbol timeMs markPrice payment }
      }
      fills { tradeSeq seq symbol time side price quantity fee reason }
    }
  }
`);

/** Resamples a completed run's trade returns; the same seed gives the same answer. */
export const MONTE_CARLO_LIMITS = graphql(`
  query MonteCarloLimits { monteCarloLimits { maxIterations maxSteps } }
`);

export const MONTE_CARLO = graphql(`
  query MonteCarlo($backtestId: ID!, $iterations: Int, $seed: Int, $method: MonteCarloMethod, $drawdownLevelPct: Float) {
    monteCarlo(backtestId: $backtestId, iterations: $iterations, seed: $seed, method: $method, drawdownLevelPct: $drawdownLevelPct) {
      backtestId method iterations trades seed drawdownLevelPct
      finalReturnPct { p5 p25 p50 p75 p95 }
      maxDrawdownPct { p5 p25 p50 p75 p95 }
      longestLosingStreak { p5 p25 p50 p75 p95 }
      longestLosingStreakMax probabilityOfLoss probabilityOfDrawdownBeyond
    }
  }
`);

export const RUN_CANDLES = graphql(`
  query RunCandles($symbol: String!, $interval: String!, $from: DateTime!, $to: DateTime!, $maxPoints: Int) {
    candles(symbol: $symbol, interval: $interval, from: $from, to: $to, maxPoints: $maxPoints) {
      symbol interval baseInterval totalCount barsPerPoint
      candles { openTime open high low close volume }
    }
  }
`);

/** The strategies' own lines over one symbol's candles, thinned as RUN_CANDLES thins the candles of the same window. */
export const RUN_INDICATORS = graphql(`
  query RunIndicators($id: ID!, $symbol: String!, $from: DateTime!, $to: DateTime!, $maxPoints: Int) {
    backtest(id: $id) { id indicators(symbol: $symbol, from: $from, to: $to, maxPoints: $maxPoints) { leg strategy name pane points { timestamp value } } }
  }
`);

/** Buying every symbol at the start and holding, at the equity curve's times. */
export const RUN_BUY_AND_HOLD = graphql(`
  query RunBuyAndHold($id: ID!, $maxPoints: Int) {
    backtest(id: $id) { id buyAndHold(maxPoints: $maxPoints) { timestamp value } }
  }
`);

export const COMPARE_RUNS = graphql(
  `
  query CompareRun($id: ID!) {
    backtest(id: $id) {
      id name status strategy legs { ...RunLegFields } symbols timeframe startDate endDate
      settings { initialCapital }
      metrics { ...MetricsFields }
      equityCurve(maxPoints: 400) { timestamp equity }
    }
  }
`,
  [MetricsFields, RunLegFields],
);

/** The server's own descriptions of each metric: the help text of the metric cards. */
export const METRIC_DESCRIPTIONS = graphql(`
  query MetricDescriptions {
    __type(name: "BacktestMetrics") { fields { name description } }
  }
`);

export const RUN_BACKTEST = graphql(`
  mutation RunBacktest($input: RunBacktestInput!) {
    runBacktest(input: $input) { id name status }
  }
`);

export const CANCEL_BACKTEST = graphql(`
  mutation CancelBacktest($id: ID!) {
    cancelBacktest(id: $id) { id status }
  }
`);

export const DELETE_BACKTEST = graphql(`
  mutation DeleteBacktest($id: ID!) {
    deleteBacktest(id: $id)
  }
`);

/** A completed run's per-pair table: which pairs made or lost the money. */
export const RUN_PER_PAIR = graphql(`
  query RunPerPair($id: ID!) {
    backtest(id: $id) {
      id
      report { perPair { symbol trades winRate profitLoss profitLossShare fees profitFactor avgDurationMs bestTrade worstTrade } }
    }
  }
`);
