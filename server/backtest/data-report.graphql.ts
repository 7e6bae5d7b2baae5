import { builder, type SchemaTypes } from '../graphql/builder.ts';
import type { GapPolicy } from './backtest-run.entity.ts';
import { GapPolicyEnum } from './backtest-inputs.graphql.ts';
import { PLAIN_VALUE_TYPE } from '../graphql/cost.ts';

/**
 * BacktestRun.dataReport typed. The record is written by the market-data range loader: on success
 * { gapPolicy, symbols: { [symbol]: report }, notices }; when loading failed, the failure's details
 * ({ gapPolicy, symbol, covered range or gaps, download }). Absent parts read as null or empty.
 */

interface MissingSpan { readonly fromMs: number; readonly toMs: number; readonly missing: number }
type Download = { readonly candlesStored?: number; readonly stored?: number; readonly interval?: string; readonly skipped?: string; readonly error?: string };

interface Coverage {
  readonly coveredFromMs?: number | null;
  readonly coveredToMs?: number | null;
  readonly leadingMissing?: MissingSpan | null;
  readonly trailingMissing?: MissingSpan | null;
  readonly download?: Download;
}

interface SymbolReport extends Coverage {
  readonly symbol: string;
  readonly bars?: number;
  readonly baseInterval?: string;
  readonly gaps?: number;
  readonly missingBars?: number;
  readonly filledBars?: number;
  readonly gapList?: readonly MissingSpan[];
  readonly history?: { readonly requestedBars: number; readonly bars: number; readonly fromMs: number | null; readonly gaps: number; readonly missingBars: number };
  readonly detail?: { readonly interval: string; readonly bars: number; readonly baseInterval: string | null };
  readonly funding?: { readonly settlements: number; readonly fromMs: number | null; readonly toMs: number | null; readonly download?: Download };
}

interface Failure extends Coverage {
  readonly symbol: string;
  readonly gaps?: readonly MissingSpan[];
}

type StoredDataReport = Readonly<Record<string, unknown>>;

const MissingSpanRef = builder.objectRef<MissingSpan>('MissingSpan').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'Bars missing from the store: [fromMs, toMs), epoch ms',
  fields: (t) => ({ fromMs: t.exposeFloat('fromMs'), toMs: t.exposeFloat('toMs'), missing: t.exposeInt('missing', { description: 'Bars' }) }),
});

const DownloadRef = builder.objectRef<Download>('DataDownload').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'What downloading the missing data did: one of stored, skipped and error is set',
  fields: (t) => ({
    stored: t.int({ nullable: true, description: 'Candles (or funding settlements) downloaded and stored', resolve: (d) => d.candlesStored ?? d.stored ?? null }),
    interval: t.string({ nullable: true, description: "The interval downloaded when the exchange has not the run's own (resampled to it); null: the run's own", resolve: (d) => d.interval ?? null }),
    skipped: t.string({ nullable: true, description: 'Why nothing was downloaded', resolve: (d) => d.skipped ?? null }),
    error: t.string({ nullable: true, description: 'Why the download failed (the run went on with what is stored)', resolve: (d) => d.error ?? null }),
  }),
});

const coverageFields = (t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, Coverage>) => ({
  coveredFromMs: t.float({ nullable: true, description: 'First bar the data covers', resolve: (c) => c.coveredFromMs ?? null }),
  coveredToMs: t.float({ nullable: true, description: 'End (exclusive) of what the data covers', resolve: (c) => c.coveredToMs ?? null }),
  leadingMissing: t.field({ type: MissingSpanRef, nullable: true, description: 'Missing at the start of the range', resolve: (c) => c.leadingMissing ?? null }),
  trailingMissing: t.field({ type: MissingSpanRef, nullable: true, description: 'Missing at the end of the range', resolve: (c) => c.trailingMissing ?? null }),
  download: t.field({ type: DownloadRef, nullable: true, description: 'Null when nothing was to be downloaded (synthetic symbols, fetchMissingData false)', resolve: (c) => c.download ?? null }),
});

const HistoryReportRef = builder.objectRef<NonNullable<SymbolReport['history']>>('HistoryDataReport').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'Candles loaded before the start to warm the indicators',
  fields: (t) => ({
    requestedBars: t.exposeInt('requestedBars', { description: 'Bars the strategies need before the start' }),
    bars: t.exposeInt('bars', { description: 'Bars of history loaded: the need rounded up to a power of two (parameter sets of similar needs then share one slice in a sweep), as far as the store had them' }),
    fromMs: t.exposeFloat('fromMs', { nullable: true, description: 'Open time of the first history bar, null when there was none' }),
    gaps: t.exposeInt('gaps'),
    missingBars: t.exposeInt('missingBars'),
  }),
});

const DetailReportRef = builder.objectRef<NonNullable<SymbolReport['detail']>>('DetailDataReport').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'The detail candles intrabar exits were resolved on',
  fields: (t) => ({
    interval: t.exposeString('interval'),
    bars: t.exposeInt('bars'),
    baseInterval: t.exposeString('baseInterval', { nullable: true, description: 'The stored interval they were built from' }),
  }),
});

const FundingReportRef = builder.objectRef<NonNullable<SymbolReport['funding']>>('FundingDataReport').implement({
  extensions: PLAIN_VALUE_TYPE,
  fields: (t) => ({
    settlements: t.exposeInt('settlements'),
    fromMs: t.exposeFloat('fromMs', { nullable: true }),
    toMs: t.exposeFloat('toMs', { nullable: true }),
    download: t.field({ type: DownloadRef, nullable: true, resolve: (f) => f.download ?? null }),
  }),
});

const SymbolReportRef = builder.objectRef<SymbolReport>('SymbolDataReport').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'What one symbol’s candles held and what the gap policy did with them',
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    bars: t.int({ resolve: (r) => r.bars ?? 0 }),
    baseInterval: t.string({ nullable: true, description: 'The stored interval the bars were built from', resolve: (r) => r.baseInterval ?? null }),
    ...coverageFields(t),
    gaps: t.int({ description: 'Gaps inside the range', resolve: (r) => r.gaps ?? 0 }),
    missingBars: t.int({ resolve: (r) => r.missingBars ?? 0 }),
    filledBars: t.int({ description: 'Bars the FILL policy made up', resolve: (r) => r.filledBars ?? 0 }),
    gapList: t.field({ type: [MissingSpanRef], description: 'The first 50 gaps', resolve: (r) => [...(r.gapList ?? [])] }),
    history: t.field({ type: HistoryReportRef, nullable: true, description: 'Null without warm-up history', resolve: (r) => r.history ?? null }),
    detail: t.field({ type: DetailReportRef, nullable: true, resolve: (r) => r.detail ?? null }),
    funding: t.field({ type: FundingReportRef, nullable: true, resolve: (r) => r.funding ?? null }),
  }),
});

const FailureRef = builder.objectRef<Failure>('DataFailure').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'The symbol whose data stopped the run, and what it lacked',
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    ...coverageFields(t),
    gaps: t.field({ type: [MissingSpanRef], description: 'The gaps that failed a FAIL gap policy (the first 200)', resolve: (f) => [...(f.gaps ?? [])] }),
  }),
});

const isFailure = (report: StoredDataReport) => typeof report.symbol === 'string' && !('symbols' in report);

export const DataReportRef = builder.objectRef<StoredDataReport>('DataReport').implement({
  extensions: PLAIN_VALUE_TYPE,
  fields: (t) => ({
    gapPolicy: t.field({ type: GapPolicyEnum, nullable: true, resolve: (r) => (typeof r.gapPolicy === 'string' ? (r.gapPolicy as GapPolicy) : null) }),
    notices: t.stringList({ description: 'What the data did not cover, downloads, missing history', resolve: (r) => (Array.isArray(r.notices) ? r.notices.map(String) : []) }),
    symbols: t.field({
      type: [SymbolReportRef],
      description: 'One per symbol loaded, in the run’s order',
      resolve: (r) => Object.entries((r.symbols ?? {}) as Record<string, Omit<SymbolReport, 'symbol'>>).map(([symbol, report]) => ({ ...report, symbol })),
    }),
    failure: t.field({ type: FailureRef, nullable: true, description: 'Set when loading the data failed the run', resolve: (r) => (isFailure(r) ? (r as unknown as Failure) : null) }),
  }),
});
