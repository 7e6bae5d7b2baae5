import { gql, type TypedDocumentNode } from '@urql/core';

/** GraphQL operations of the client, with hand-written result types (mirroring schema.graphql). */

export type RunStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type GapPolicy = 'FAIL' | 'SKIP' | 'FILL';
export type SizingMode = 'FIXED_QUOTE' | 'PERCENT_EQUITY' | 'RISK_PERCENT';
export type ParamType = 'int' | 'float' | 'bool';

export interface StrategyParam {
  name: string;
  type: ParamType;
  default: unknown;
  min: number | null;
  max: number | null;
  step: number | null;
  description: string;
}

export interface Strategy {
  name: string;
  description: string;
  params: StrategyParam[];
  constraints: string[];
}

export const STRATEGIES: TypedDocumentNode<{ strategies: Strategy[] }, Record<string, never>> = gql`
  query Strategies {
    strategies {
      name
      description
      params { name type default min max step description }
      constraints
    }
  }
`;

export interface RunBacktestInput {
  name?: string;
  symbols: string[];
  timeframe: string;
  startDate: string;
  endDate: string;
  strategy: string;
  strategyParams?: Record<string, number | boolean>;
  initialCapital: number;
  positionSize?: number;
  sizingMode?: SizingMode;
  feeRate?: number;
  gapPolicy?: GapPolicy;
}

export interface BacktestRunSummary {
  id: string;
  name: string;
  status: RunStatus;
  progress: number;
  barsProcessed: number;
  totalBars: number;
}

export const RUN_BACKTEST: TypedDocumentNode<{ runBacktest: BacktestRunSummary }, { input: RunBacktestInput }> = gql`
  mutation RunBacktest($input: RunBacktestInput!) {
    runBacktest(input: $input) { id name status progress barsProcessed totalBars }
  }
`;

export interface BacktestProgressEvent {
  backtestId: string;
  status: RunStatus;
  /** 0..1 */
  progress: number;
  barsProcessed: number;
  totalBars: number;
  currentEquity: number | null;
  tradesSoFar: number;
  message: string | null;
}

export const BACKTEST_PROGRESS: TypedDocumentNode<{ backtestProgress: BacktestProgressEvent }, { id: string }> = gql`
  subscription BacktestProgress($id: ID!) {
    backtestProgress(id: $id) { backtestId status progress barsProcessed totalBars currentEquity tradesSoFar message }
  }
`;

export interface BacktestMetrics {
  totalTrades: number;
  winRate: number | null;
  roi: number | null;
  totalProfitLoss: number | null;
  maxDrawdownPercentage: number | null;
  sharpeRatio: number | null;
  profitFactor: number | null;
}

export interface BacktestResult {
  id: string;
  status: RunStatus;
  error: string | null;
  errorCode: string | null;
  metrics: BacktestMetrics | null;
}

export const BACKTEST_RESULT: TypedDocumentNode<{ backtest: BacktestResult | null }, { id: string }> = gql`
  query BacktestResult($id: ID!) {
    backtest(id: $id) {
      id status error errorCode
      metrics { totalTrades winRate roi totalProfitLoss maxDrawdownPercentage sharpeRatio profitFactor }
    }
  }
`;

export interface RecentRun {
  id: string;
  name: string;
  status: RunStatus;
  roi: number | null;
  winRate: number | null;
  createdAt: string;
}

/** `roi` and `winRate` live in `metrics` (null until a run completes); aliased flat for the list. */
export const RECENT_BACKTESTS: TypedDocumentNode<
  { backtests: { edges: Array<{ node: Omit<RecentRun, 'roi' | 'winRate'> & { metrics: { roi: number | null; winRate: number | null } | null } }> } },
  { first: number }
> = gql`
  query RecentBacktests($first: Int!) {
    backtests(first: $first) {
      edges { node { id name status createdAt metrics { roi winRate } } }
    }
  }
`;

/** Stored candles per symbol and interval. */
export const MARKET_DATA: TypedDocumentNode<
  { marketData: Array<{ symbol: string; interval: string; first: string | null; last: string | null; count: number }> },
  Record<string, never>
> = gql`
  query MarketData {
    marketData { symbol interval first last count }
  }
`;

/** The synthetic sample markets, for a store with nothing in it yet. */
export const LOAD_SAMPLE_DATA: TypedDocumentNode<{ loadSampleData: { candlesInserted: number } }, Record<string, never>> = gql`
  mutation LoadSampleData {
    loadSampleData { candlesInserted }
  }
`;
