import { FETCH_STATUSES, isTerminal } from '../../domain/statuses.ts';
import { z } from 'zod';
import { DEFAULT_EXCHANGE, EXCHANGES } from '../../domain/symbols.ts';
import { builder } from '../graphql/builder.ts';
import { candleRangeCost } from '../graphql/cost.ts';
import { AppError } from '../graphql/errors.ts';
import { resumption, snapshotThenStream } from '../graphql/live.ts';
import { REQUEST_BYTES } from '../graphql/request-body.ts';
import { importFundingCsv, type FundingImportResult } from './funding-import.ts';
import { computation } from '../threads/compute.ts';
import type { Gap } from './gaps.ts';
import type { ImportGap, ImportResult } from './import/importer.ts';
import type { DataFetchProgressEvent } from './market-data.events.ts';
import {
  type ChartCandle,
  type ChartCandles,
  type CoverageEntry,
  type DataFetch,
  type SymbolInfo,
  cancelFetch,
  chartCandles,
  dataQuality,
  getFetch,
  importCandles,
  mapErrors,
  marketDataCoverage,
  searchSymbols,
  startFetchHistory,
} from './market-data.service.ts';
import type { FlaggedCandle, GapReport, OhlcIssue, Outlier, QualityReport, ZeroVolumeRun } from './quality.ts';
import type { storedQualityReportOf } from './quality.compute.ts';
import { type SampleDataResult, seedSampleData } from './sample-data.ts';

const ms = (value: number) => new Date(value);

const DataFetchStatusEnum = builder.enumType('DataFetchStatus', { values: FETCH_STATUSES });
const MarketEnum = builder.enumType('Market', {
  values: { SPOT: { value: 'spot', description: 'Spot: Binance /api/v3, or the named exchange\'s spot market' }, FUTURES: { value: 'futures', description: 'Binance USDⓈ-M futures (/fapi/v1); Binance symbols only' } } as const,
});
const CandleFileFormatEnum = builder.enumType('CandleFileFormat', {
  values: {
    BINANCE_ARCHIVE: { description: 'A data.binance.vision SYMBOL-INTERVAL-YYYY-MM.zip, base64-encoded' },
    BINANCE_CSV: { description: 'The 12-column kline CSV from inside such an archive (no header; ms or µs timestamps)' },
    CSV: { description: 'Generic OHLCV CSV with a header: time/timestamp/date, open, high, low, close, volume' },
  } as const,
});

const CandleGapRef = builder.objectRef<Gap>('CandleGap').implement({
  description: 'Missing candles: every open time in [from, to)',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (g) => ms(g.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (g) => ms(g.toMs) }),
    missing: t.exposeInt('missing'),
  }),
});

const MissingCandlesRef = builder.objectRef<ImportGap | GapReport>('MissingCandles').implement({
  description: 'A gap with the exact missing open times (at most 1000 listed per gap)',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (g) => ms(g.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (g) => ms(g.toMs) }),
    missing: t.exposeInt('missing'),
    openTimes: t.field({ type: ['DateTime'], resolve: (g) => g.missingOpenTimes.map(ms) }),
  }),
});

const CoverageRef = builder.objectRef<CoverageEntry>('MarketDataCoverage').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    interval: t.exposeString('interval'),
    synthetic: t.exposeBoolean('synthetic', { description: 'Generated sample data (SYNTH- symbols), never real market data' }),
    first: t.field({ type: 'DateTime', resolve: (c) => ms(c.firstOpenTime) }),
    last: t.field({ type: 'DateTime', resolve: (c) => ms(c.lastOpenTime) }),
    count: t.exposeInt('count'),
    missingCandles: t.exposeInt('missingCandles'),
    gaps: t.field({ type: [CandleGapRef], args: { limit: t.arg.int({ defaultValue: 100 }) }, resolve: (c, args) => c.gaps.slice(0, args.limit ?? 100) }),
  }),
});

const CandleRef = builder.objectRef<ChartCandle>('Candle').implement({
  fields: (t) => ({
    openTime: t.field({ type: 'DateTime', resolve: (c) => ms(c.openTime) }),
    open: t.exposeFloat('open'),
    high: t.exposeFloat('high'),
    low: t.exposeFloat('low'),
    close: t.exposeFloat('close'),
    volume: t.exposeFloat('volume'),
  }),
});

const CandleChartRef = builder.objectRef<ChartCandles>('CandleChart').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    interval: t.exposeString('interval'),
    baseInterval: t.exposeString('baseInterval', {
      nullable: true,
      description: 'The stored interval the candles were built from: interval itself, or a shorter one resampled on load (buckets with a missing base candle are left out); null when nothing is stored',
    }),
    totalCount: t.exposeInt('totalCount', { description: 'Candles in the range (after resampling, before merging to maxPoints)' }),
    barsPerPoint: t.exposeInt('barsPerPoint', { description: 'Stored candles merged into each returned one (1 = none)' }),
    candles: t.field({ type: [CandleRef], complexity: 50, resolve: (c) => c.candles }),
  }),
});

const OutlierRef = builder.objectRef<Outlier>('PriceOutlier').implement({
  fields: (t) => ({
    openTime: t.field({ type: 'DateTime', resolve: (o) => ms(o.openTime) }),
    logReturn: t.exposeFloat('logReturn'),
    sigmas: t.exposeFloat('sigmas', { description: 'Size of the move in rolling standard deviations' }),
  }),
});
const OhlcIssueRef = builder.objectRef<OhlcIssue>('OhlcIssue').implement({
  fields: (t) => ({ openTime: t.field({ type: 'DateTime', resolve: (o) => ms(o.openTime) }), problem: t.exposeString('problem') }),
});
const FlaggedCandleRef = builder.objectRef<FlaggedCandle>('FlaggedCandle').implement({
  description: 'A stored candle that breaks the rules imports enforce, found when they came in; kept, never deleted silently',
  fields: (t) => ({
    openTime: t.field({ type: 'DateTime', resolve: (f) => ms(f.openTime) }),
    reason: t.exposeString('reason', { description: 'NON_FINITE, PRICE, OHLC, VOLUME or MISALIGNED' }),
    problem: t.exposeString('problem'),
  }),
});
const ZeroVolumeRunRef = builder.objectRef<ZeroVolumeRun>('ZeroVolumeRun').implement({
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (z) => ms(z.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (z) => ms(z.toMs) }),
    bars: t.exposeInt('bars'),
  }),
});

const QualityRef = builder.objectRef<QualityReport>('DataQualityReport').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    interval: t.exposeString('interval'),
    from: t.field({ type: 'DateTime', resolve: (r) => ms(r.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (r) => ms(r.toMs) }),
    expectedCandles: t.exposeInt('expectedBars'),
    actualCandles: t.exposeInt('actualBars'),
    missingCandles: t.exposeInt('missingBars'),
    gaps: t.field({ type: [MissingCandlesRef], resolve: (r) => r.gaps }),
    outliers: t.field({ type: [OutlierRef], resolve: (r) => r.outliers }),
    ohlcIssues: t.field({ type: [OhlcIssueRef], resolve: (r) => r.ohlcIssues }),
    gridIssues: t.field({ type: [OhlcIssueRef], description: "Rows off the interval's grid: open times between its boundaries, or rows spaced by another interval", resolve: (r) => r.gridIssues }),
    flaggedCandles: t.field({ type: [FlaggedCandleRef], description: 'Stored candles flagged as breaking the import rules (a backtest over one fails with BAD_DATA naming it)', resolve: (r) => r.flaggedCandles }),
    zeroVolumeRuns: t.field({ type: [ZeroVolumeRunRef], resolve: (r) => r.zeroVolumeRuns }),
    ok: t.exposeBoolean('ok', { description: 'No gaps, outliers, inconsistencies, grid issues, zero-volume runs or flagged candles' }),
  }),
});

const SymbolRef = builder.objectRef<SymbolInfo>('MarketSymbol').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    baseAsset: t.exposeString('baseAsset', { nullable: true }),
    quoteAsset: t.exposeString('quoteAsset', { nullable: true }),
    status: t.exposeString('status', { description: 'Exchange status (TRADING, BREAK…) or STORED for local-only data' }),
    synthetic: t.exposeBoolean('synthetic'),
    stored: t.exposeBoolean('stored', { description: 'Candles for it are in the local store' }),
  }),
});
const SymbolSearchRef = builder.objectRef<{ symbols: SymbolInfo[]; exchangeError: string | null }>('SymbolSearch').implement({
  fields: (t) => ({
    symbols: t.field({ type: [SymbolRef], resolve: (r) => r.symbols }),
    exchangeError: t.exposeString('exchangeError', { nullable: true, description: 'Why exchange symbols are missing (offline), else null' }),
  }),
});

const DataFetchRef = builder.objectRef<DataFetch>('DataFetch').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    symbol: t.exposeString('symbol'),
    interval: t.exposeString('interval'),
    from: t.field({ type: 'DateTime', resolve: (f) => ms(f.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (f) => ms(f.toMs) }),
    market: t.field({ type: MarketEnum, resolve: (f) => f.market }),
    status: t.field({ type: DataFetchStatusEnum, resolve: (f) => f.status }),
    candlesStored: t.exposeInt('candlesStored'),
    percent: t.exposeFloat('percent'),
    etaSeconds: t.exposeFloat('etaSeconds', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const DataFetchProgressRef = builder.objectRef<DataFetchProgressEvent>('DataFetchProgress').implement({
  fields: (t) => ({
    fetchId: t.exposeID('fetchId'),
    symbol: t.exposeString('symbol'),
    interval: t.exposeString('interval'),
    status: t.field({ type: DataFetchStatusEnum, resolve: (e) => e.status }),
    candlesStored: t.exposeInt('candlesStored'),
    from: t.field({ type: 'DateTime', resolve: (e) => ms(e.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (e) => ms(e.toMs) }),
    coveredTo: t.field({ type: 'DateTime', description: 'The range is covered up to here', resolve: (e) => ms(e.coveredToMs) }),
    percent: t.exposeFloat('percent'),
    etaSeconds: t.exposeFloat('etaSeconds', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const ImportResultRef = builder.objectRef<ImportResult>('ImportResult').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    interval: t.exposeString('interval'),
    rowsParsed: t.exposeInt('rowsParsed'),
    rowsInserted: t.exposeInt('rowsInserted', { description: 'New candles; 0 when the same data was imported before' }),
    first: t.field({ type: 'DateTime', nullable: true, resolve: (r) => (r.firstOpenTime === null ? null : ms(r.firstOpenTime)) }),
    last: t.field({ type: 'DateTime', nullable: true, resolve: (r) => (r.lastOpenTime === null ? null : ms(r.lastOpenTime)) }),
    gaps: t.field({ type: [MissingCandlesRef], description: 'Candles missing inside the imported span, with exact timestamps', resolve: (r) => r.gaps }),
  }),
});

const FundingImportSymbolRef = builder.objectRef<FundingImportResult['symbols'][number]>('FundingImportSymbol').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    rowsParsed: t.exposeInt('rowsParsed'),
    rowsInserted: t.exposeInt('rowsInserted', { description: 'New settlements; 0 when the same rows were imported before' }),
    first: t.field({ type: 'DateTime', resolve: (r) => ms(r.firstMs) }),
    last: t.field({ type: 'DateTime', resolve: (r) => ms(r.lastMs) }),
  }),
});

const FundingImportResultRef = builder.objectRef<FundingImportResult>('FundingImportResult').implement({
  fields: (t) => ({
    rowsParsed: t.exposeInt('rowsParsed'),
    rowsInserted: t.exposeInt('rowsInserted', { description: 'New settlements over every symbol; 0 when the file was imported before' }),
    symbols: t.field({ type: [FundingImportSymbolRef], resolve: (r) => [...r.symbols] }),
  }),
});

const ImportFundingRatesInput = builder.inputType('ImportFundingRatesInput', {
  fields: (t) => ({
    content: t.string({
      required: true,
      description: `CSV text: symbol,fundingTime,fundingRate; Binance's export (Time,Contracts,Funding Interval,Funding Rate); its archive (calc_time,funding_interval_hours,last_funding_rate); or time,rate. The whole request may be at most ${REQUEST_BYTES.readWrite} bytes`,
      validate: z.string().max(REQUEST_BYTES.readWrite),
    }),
    symbol: t.string({ description: 'The symbol the rows are for, needed when the file has no symbol column (then every row must be for it)', validate: z.string().max(60) }),
  }),
});

const SampleDataRef = builder.objectRef<SampleDataResult>('SampleDataResult').implement({
  fields: (t) => ({
    seeded: t.exposeBoolean('seeded', { description: 'False when the sample was already loaded' }),
    symbols: t.exposeStringList('symbols'),
    intervals: t.exposeStringList('intervals'),
    candlesInserted: t.exposeInt('candlesInserted'),
    from: t.field({ type: 'DateTime', resolve: (r) => ms(r.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (r) => ms(r.toMs) }),
  }),
});

const FetchHistoryInput = builder.inputType('FetchHistoryInput', {
  fields: (t) => ({
    symbol: t.string({ required: true, validate: z.string().min(1).max(40), description: `A Binance symbol (BTCUSDT) or EXCHANGE:BASE/QUOTE on ${EXCHANGES.filter((e) => e !== DEFAULT_EXCHANGE).join(', ')} (e.g. BYBIT:BTC/USDT)` }),
    interval: t.string({ required: true, description: '1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M' }),
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true, description: 'Exclusive; clipped to the last closed candle' }),
    market: t.field({ type: MarketEnum, description: 'Default SPOT' }),
  }),
});

const ImportCandlesInput = builder.inputType('ImportCandlesInput', {
  fields: (t) => ({
    symbol: t.string({ required: true, validate: z.string().min(1).max(40) }),
    interval: t.string({ required: true }),
    format: t.field({ type: CandleFileFormatEnum, required: true }),
    content: t.string({ required: true, description: `CSV text, or base64 of a .zip for BINANCE_ARCHIVE; the whole request may be at most ${REQUEST_BYTES.readWrite} bytes`, validate: z.string().max(REQUEST_BYTES.readWrite) }),
    checksum: t.string({ description: "The file's Binance .CHECKSUM (`<sha256>  <name>`) or its SHA-256 in hex: the file is refused (CHECKSUM_MISMATCH) unless its bytes match", validate: z.string().max(400) }),
  }),
});

/** A data-quality report (3.4 µs a candle: seconds for a million, besides their load) is made on a compute thread. */
const qualityOnThread = computation<typeof storedQualityReportOf>(new URL('./quality.compute.ts', import.meta.url), 'storedQualityReportOf');

builder.queryFields((t) => {
  const range = () => ({
    symbol: t.arg.string({ required: true }),
    interval: t.arg.string({ required: true, description: '1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M' }),
    from: t.arg({ type: 'DateTime', required: true }),
    to: t.arg({ type: 'DateTime', required: true, description: 'Exclusive' }),
  });
  return {
  marketData: t.field({
    type: [CoverageRef],
    description: 'Stored candles per symbol and interval: first, last, count and gaps',
    args: { symbol: t.arg.string(), interval: t.arg.string() },
    resolve: (_root, args, ctx) => mapErrors(() => marketDataCoverage(ctx.services.pool, args)),
  }),
  candles: t.field({
    type: CandleChartRef,
    description: 'Candles for charts, resampled from a shorter stored interval when the requested one is not stored, merged server-side to at most maxPoints',
    complexity: candleRangeCost,
    args: { ...range(), maxPoints: t.arg.int({ defaultValue: 1000, validate: z.number().int().min(2).max(20_000) }) },
    resolve: (_root, args, ctx) =>
      mapErrors(() => chartCandles(ctx.services.pool, args.symbol, args.interval, args.from.getTime(), args.to.getTime(), args.maxPoints ?? 1000)),
  }),
  dataQuality: t.field({
    type: QualityRef,
    complexity: candleRangeCost,
    args: { ...range(), outlierSigmas: t.arg.float({ validate: z.number().positive().max(1000) }) },
    resolve: (_root, args, ctx) =>
      mapErrors(() =>
        dataQuality(ctx.services.pool, args.symbol, args.interval, args.from.getTime(), args.to.getTime(), { outlierSigmas: args.outlierSigmas }, (...request) =>
          ctx.services.compute.run(qualityOnThread, [ctx.services.pool.options.connectionString!, ...request], { principalId: ctx.principal.id, signal: ctx.signal }),
        ),
      ),
  }),
  symbols: t.field({
    type: SymbolSearchRef,
    description: 'Exchange symbols (cached exchange info) and stored ones matching the query',
    args: { query: t.arg.string({ defaultValue: '' }), limit: t.arg.int({ defaultValue: 50, validate: z.number().int().min(1).max(500) }) },
    resolve: (_root, args, ctx) => searchSymbols(ctx.services, args.query ?? '', args.limit ?? 50),
  }),
  dataFetch: t.field({
    type: DataFetchRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getFetch(ctx.services, String(args.id)),
  }),
  };
});

builder.mutationFields((t) => ({
  fetchHistory: t.field({
    type: DataFetchRef,
    description: 'Queues a download of the candles missing from the store in the range (stored ones are never re-downloaded)',
    args: { input: t.arg({ type: FetchHistoryInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      mapErrors(() =>
        startFetchHistory(ctx.services, { symbol: input.symbol, interval: input.interval, fromMs: input.from.getTime(), toMs: input.to.getTime(), market: input.market }),
      ),
  }),
  cancelFetch: t.field({
    type: DataFetchRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => mapErrors(() => cancelFetch(ctx.services, String(args.id))),
  }),
  importCandles: t.field({
    type: ImportResultRef,
    description: 'Imports uploaded candles idempotently (importing the same file twice changes nothing) and reports missing candles',
    args: { input: t.arg({ type: ImportCandlesInput, required: true }) },
    resolve: (_root, { input }, ctx) => mapErrors(() => importCandles(ctx.services, input)),
  }),
  importFundingRates: t.field({
    type: FundingImportResultRef,
    description:
      'Imports funding-rate history from CSV (perpetual futures runs read it), idempotently: a row stored before is not stored twice. A bad row refuses the whole file (BAD_USER_INPUT with its line) and nothing is stored',
    args: { input: t.arg({ type: ImportFundingRatesInput, required: true }) },
    resolve: (_root, { input }, ctx) => mapErrors(() => importFundingCsv(ctx.services.pool, input.content, input.symbol ?? undefined)),
  }),
  loadSampleData: t.field({
    type: SampleDataRef,
    description: 'Loads synthetic SYNTH-BTCUSDT and SYNTH-ETHUSDT 5m candles for the whole of 2025 (higher timeframes are resampled from them) for offline use',
    resolve: (_root, _args, ctx) => seedSampleData(ctx.services.pool, { log: ctx.services.log }),
  }),
}));

builder.subscriptionFields((t) => ({
  dataFetchProgress: t.field({
    type: DataFetchProgressRef,
    description: 'The fetch state first, then progress (candles stored, range covered, ETA) until it ends',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.id);
      const source = ctx.services.pubsub.subscribe('dataFetchProgress', id);
      if (!(await getFetch(ctx.services, id))) throw new AppError('NOT_FOUND', `Data fetch ${id} does not exist`, { id });
      return snapshotThenStream<DataFetchProgressEvent>({
        source,
        ...resumption(ctx.services),
        snapshot: async () => {
          const f = await getFetch(ctx.services, id);
          if (!f) return null;
          const event: DataFetchProgressEvent = { fetchId: f.id, symbol: f.symbol, interval: f.interval, status: f.status, candlesStored: f.candlesStored, fromMs: f.fromMs, toMs: f.toMs, coveredToMs: f.status === 'COMPLETED' ? f.toMs : f.fromMs, percent: f.percent, etaSeconds: f.etaSeconds, message: f.message };
          return event;
        },
        isTerminal: (event) => isTerminal(event.status),
        isStale: (event, last) => event.status === last.status && event.candlesStored < last.candlesStored,
      });
    },
    resolve: (event) => event,
  }),
}));
