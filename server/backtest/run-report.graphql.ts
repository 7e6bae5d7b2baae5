import {
  CALENDAR_COLUMNS,
  CALENDAR_PERIODS,
  EXIT_REASON_COLUMNS,
  EXPOSURE_COLUMNS,
  OPEN_TRADE_COLUMNS,
  PAIR_COLUMNS,
  type Allocation,
} from '../engine/index.ts';
import { builder, type SchemaTypes } from '../graphql/builder.ts';
import { reportPath } from '../reports/report-paths.ts';
import type { IBacktestRun } from './backtest-run.entity.ts';
import { reportRowType } from './report-rows.graphql.ts';
import { RunReport, type BenchmarkPoint, type BenchmarkReport } from './run-report.ts';
import { RUN_CANDLES_COST } from './run-charts.graphql.ts';

/** Reading every stored trade and equity point of a run (a year of 5m: ~8,000 trades, ~2,400 points). */
const RUN_ROWS_COST = 200;

const PairRowRef = reportRowType('PairReportRow', "One pair's trades in a run", PAIR_COLUMNS);
const ExitReasonRowRef = reportRowType('ExitReasonReportRow', 'The trades of a run that closed for one reason', EXIT_REASON_COLUMNS);
const CalendarRowRef = reportRowType('CalendarReturn', "A run's return over one calendar period (UTC)", CALENDAR_COLUMNS);
const OpenTradeRowRef = reportRowType('OpenTradeAtEnd', 'A position still open when the data ended (closed by the run at the last close, END_OF_DATA)', OPEN_TRADE_COLUMNS);
const ExposureRowRef = reportRowType('ExposurePoint', 'How much of the account was in positions at one stored equity point', EXPOSURE_COLUMNS);

export const CalendarPeriodEnum = builder.enumType('CalendarPeriod', { values: CALENDAR_PERIODS });

const BenchmarkPointRef = builder.objectRef<BenchmarkPoint>('BenchmarkPoint').implement({
  description: "The run's and the benchmark's equity at the end of a UTC day",
  fields: (t) => ({
    timestamp: t.field({ type: 'DateTime', resolve: (p) => new Date(p.timeMs) }),
    equity: t.exposeFloat('equity'),
    benchmark: t.exposeFloat('benchmark'),
  }),
});

const BenchmarkRef = builder.objectRef<BenchmarkReport>('BenchmarkComparison').implement({
  description:
    'The run against buying every symbol with an equal share of the capital at its first close and holding, from the daily returns of both (README: Reports)',
  fields: (t) => ({
    runReturnPct: t.exposeFloat('runReturnPct', { description: "The run's return over its range, percent" }),
    benchmarkReturnPct: t.exposeFloat('benchmarkReturnPct', { description: "The benchmark's return over the same range, percent" }),
    excessReturnPct: t.exposeFloat('excessReturnPct', { description: 'Run return − benchmark return, percentage points' }),
    alphaPct: t.exposeFloat('alphaPct', { nullable: true, description: "Jensen's alpha: (mean daily run return − beta × mean daily benchmark return) × 365 × 100, percent a year" }),
    beta: t.exposeFloat('beta', { nullable: true, description: 'cov(run, benchmark) / var(benchmark) of daily returns' }),
    correlation: t.exposeFloat('correlation', { nullable: true, description: "Pearson's correlation of the daily returns" }),
    observations: t.exposeInt('observations', { description: 'Daily returns compared' }),
    nullReason: t.exposeString('nullReason', { nullable: true, description: 'Why alpha, beta or correlation is null' }),
    line: t.field({ type: [BenchmarkPointRef], resolve: (b) => [...b.line] }),
  }),
});

const AllocationSeriesRef = builder.objectRef<Allocation['symbols'][number]>('AllocationSeries').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    sharePct: t.floatList({ description: "Entry notional of the pair's open position / equity × 100 at each of the allocation's times", resolve: (s) => [...s.sharePct] }),
  }),
});

const AllocationRef = builder.objectRef<Allocation>('Allocation').implement({
  description: 'Allocation over time by pair, at cost: a trade holds its entry notional from entry until exit',
  fields: (t) => ({
    times: t.field({ type: ['DateTime'], resolve: (a) => a.times.map((ms) => new Date(ms)) }),
    symbols: t.field({ type: [AllocationSeriesRef], resolve: (a) => [...a.symbols] }),
  }),
});

const RunReportRef = builder.objectRef<RunReport>('RunReport').implement({
  description: "A completed run's reports, derived from its stored trades and equity (column formulas in each field's description)",
  fields: (t) => ({
    perPair: t.field({ type: [PairRowRef], description: 'One row per pair of the run, best P/L first; the rows add up to the run (trades, P/L, fees)', resolve: (r) => r.perPair() }),
    exitReasons: t.field({ type: [ExitReasonRowRef], description: 'One row per exit reason, most trades first', resolve: (r) => r.exitReasons() }),
    calendarReturns: t.field({
      type: [CalendarRowRef],
      description: 'Returns by UTC day, ISO week or month; they compound to the run’s ROI',
      args: { period: t.arg({ type: CalendarPeriodEnum, required: true }) },
      resolve: (r, args) => r.calendar(args.period),
    }),
    openTrades: t.field({ type: [OpenTradeRowRef], description: 'Positions open when the data ended', resolve: (r) => r.openTrades() }),
    exposure: t.field({ type: [ExposureRowRef], description: 'Open positions and invested share at every stored equity point', resolve: (r) => r.exposure() }),
    allocation: t.field({ type: AllocationRef, resolve: (r) => r.allocation() }),
    benchmark: t.field({ type: BenchmarkRef, complexity: RUN_CANDLES_COST, description: 'Equal-weight buy-and-hold of the run’s symbols, with alpha, beta, correlation and excess return', resolve: (r) => r.benchmark() }),
  }),
});

/** The report field of BacktestRun. */
export function runReportFields(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, IBacktestRun>) {
  return {
    reportUrl: t.string({
      nullable: true,
      description: 'Path of the self-contained HTML report (GET, same token as the API; add ?download=1 for an attachment); null until the run completes',
      resolve: (run) => (run.status === 'COMPLETED' ? reportPath('backtests', run.id) : null),
    }),
    report: t.field({
      type: RunReportRef,
      nullable: true,
      complexity: RUN_ROWS_COST,
      description: 'Per-pair, exit-reason, calendar, open-trade, benchmark and exposure reports; null until the run completes',
      resolve: (run, _args, ctx) => (run.status === 'COMPLETED' ? new RunReport(ctx.services, run) : null),
    }),
  };
}
