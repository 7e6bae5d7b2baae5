/** Run reports: pure functions of a run's closed trades and equity points (and, for the benchmark, its candles). */
export * from './columns.ts';
export type { ReportTrade, ReportFill, ReportEquityPoint } from './report-trade.ts';
export { tradeGroupStats, perPairTable, exitReasonTable } from './trade-groups.ts';
export { CALENDAR_PERIODS, calendarReturns, compoundedPct, periodStartOf, type CalendarPeriod } from './calendar-returns.ts';
export { compareWithBenchmark, periodReturns, type BenchmarkComparison } from './benchmark.ts';
export { openAtEnd, exposureOverTime, allocationOverTime, type Allocation } from './positions.ts';
export { dayEndPoints } from './day-ends.ts';
