/**
 * The columns of the run reports, defined once each: what a column means, its unit and whether it can be
 * null. The GraphQL row types, the HTML report's tables and the web client's tables are built from these
 * lists, as the metric fields are from metric-definitions.ts. Adding a column: compute it where its table
 * is computed (tsc points there from the row type) and add it here.
 */
export type ReportColumnKind = 'text' | 'count' | 'percent' | 'quote' | 'ratio' | 'durationMs' | 'time';

export interface ReportColumn {
  readonly kind: ReportColumnKind;
  readonly label: string;
  readonly nullable: boolean;
  readonly description: string;
}

export type ReportColumns = Readonly<Record<string, ReportColumn>>;

type ValueOf<C extends ReportColumn> = C['kind'] extends 'text' ? string : C['nullable'] extends true ? number | null : number;
/** The row type a column list describes. */
export type RowOf<Cs extends ReportColumns> = { readonly [K in keyof Cs]: ValueOf<Cs[K]> };

/** The statistics of a group of closed trades: the columns every trade-grouping table shares. */
export const TRADE_GROUP_COLUMNS = {
  trades: { kind: 'count', label: 'Trades', nullable: false, description: 'Closed trades in the group' },
  wins: { kind: 'count', label: 'Wins', nullable: false, description: 'Trades with P/L > 0' },
  losses: { kind: 'count', label: 'Losses', nullable: false, description: 'Trades with P/L < 0' },
  winRate: { kind: 'percent', label: 'Win rate', nullable: true, description: 'Wins / trades × 100' },
  profitLoss: { kind: 'quote', label: 'P/L', nullable: false, description: 'Σ trade P/L net of fees, quote currency' },
  profitLossShare: { kind: 'percent', label: 'Share of P/L', nullable: true, description: "The group's P/L / the run's total P/L × 100 (null when the total is 0)" },
  avgProfitLossPct: { kind: 'percent', label: 'Avg P/L %', nullable: true, description: 'Mean of each trade’s P/L / entry notional × 100' },
  fees: { kind: 'quote', label: 'Fees', nullable: false, description: 'Σ entry and exit fees' },
  profitFactor: { kind: 'ratio', label: 'Profit factor', nullable: true, description: 'Gross profit / gross loss (null without a losing trade)' },
  avgDurationMs: { kind: 'durationMs', label: 'Avg duration', nullable: true, description: 'Mean exit time − entry time' },
  bestTrade: { kind: 'quote', label: 'Best', nullable: true, description: 'Largest trade P/L' },
  worstTrade: { kind: 'quote', label: 'Worst', nullable: true, description: 'Smallest trade P/L' },
} as const satisfies ReportColumns;

export const PAIR_COLUMNS = {
  symbol: { kind: 'text', label: 'Pair', nullable: false, description: 'The symbol traded' },
  ...TRADE_GROUP_COLUMNS,
} as const satisfies ReportColumns;

export const EXIT_REASON_COLUMNS = {
  exitReason: { kind: 'text', label: 'Exit reason', nullable: false, description: 'SIGNAL, REVERSAL, STOP_LOSS, TAKE_PROFIT, TRAILING_STOP, RISK_STOP or END_OF_DATA' },
  ...TRADE_GROUP_COLUMNS,
} as const satisfies ReportColumns;

export const CALENDAR_COLUMNS = {
  periodStart: { kind: 'time', label: 'Period', nullable: false, description: 'Start of the UTC day, ISO week (Monday) or month' },
  returnPct: { kind: 'percent', label: 'Return', nullable: false, description: "(equity at the period's last point / equity at the previous period's last point − 1) × 100; the first period starts from the initial capital" },
  startEquity: { kind: 'quote', label: 'Start equity', nullable: false, description: 'Equity the period started from' },
  endEquity: { kind: 'quote', label: 'End equity', nullable: false, description: "Equity at the period's last point" },
  tradesClosed: { kind: 'count', label: 'Trades closed', nullable: false, description: 'Trades whose exit falls in the period' },
} as const satisfies ReportColumns;

export const OPEN_TRADE_COLUMNS = {
  symbol: { kind: 'text', label: 'Pair', nullable: false, description: 'The symbol' },
  direction: { kind: 'text', label: 'Side', nullable: false, description: 'LONG or SHORT' },
  entryTime: { kind: 'time', label: 'Entry', nullable: false, description: 'When the position was opened' },
  entryPrice: { kind: 'quote', label: 'Entry price', nullable: false, description: 'Fill price at entry' },
  markPrice: { kind: 'quote', label: 'Last price', nullable: false, description: 'The last close, at which the run closed it (exit reason END_OF_DATA)' },
  quantity: { kind: 'ratio', label: 'Quantity', nullable: false, description: 'Units of the base asset' },
  profitLoss: { kind: 'quote', label: 'Unrealised P/L', nullable: false, description: 'P/L at the last close, net of fees' },
  profitLossPct: { kind: 'percent', label: 'P/L %', nullable: false, description: 'P/L / entry notional × 100' },
  durationMs: { kind: 'durationMs', label: 'Open for', nullable: false, description: 'Last bar time − entry time' },
} as const satisfies ReportColumns;

export const EXPOSURE_COLUMNS = {
  time: { kind: 'time', label: 'Time', nullable: false, description: 'A stored equity point' },
  equity: { kind: 'quote', label: 'Equity', nullable: false, description: 'Account equity' },
  openPositions: { kind: 'count', label: 'Open positions', nullable: false, description: 'Positions open at this point' },
  investedPct: { kind: 'percent', label: 'Invested', nullable: false, description: '(equity − cash) / equity × 100: the marked value of the open positions (a short counts its collateral)' },
} as const satisfies ReportColumns;

export type PairRow = RowOf<typeof PAIR_COLUMNS>;
export type ExitReasonRow = RowOf<typeof EXIT_REASON_COLUMNS>;
export type TradeGroupStats = RowOf<typeof TRADE_GROUP_COLUMNS>;
export type CalendarRow = RowOf<typeof CALENDAR_COLUMNS>;
export type OpenTradeRow = RowOf<typeof OPEN_TRADE_COLUMNS>;
export type ExposureRow = RowOf<typeof EXPOSURE_COLUMNS>;
