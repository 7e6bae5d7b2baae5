import { DETAIL_TIMEFRAME_INTERVALS, concatSeries, validateCandles, type CandleSeries, type FundingSeries, type RunSettings } from '../engine/index.ts';
import { gridProblem } from './candle-grid.ts';
import { fundingSpan, insertFundingRates, loadFundingRates } from './funding-store.ts';
import { type LoadedSeries, loadSeries, loadSeriesOfSymbols } from './series-loader.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import type { AppServices } from '../services.ts';
import { BinanceBannedError, UnknownSymbolError } from './binance-client.ts';
import { hasCandles } from './candle-store.ts';
import { type BacktestCandles, DataGapError, DataRangeError, NoCandlesError, describeEdges, loadCandlesForBacktest } from './gap-policy.ts';
import type { GapPolicy } from './gap-policy.ts';
import { fetchHistory } from './history-fetcher.ts';
import { type Interval, intervalMs, parseInterval } from '../../domain/intervals.ts';
import { binanceClient, candleSource, exchangeName } from './market-data.service.ts';
import { DEFAULT_EXCHANGE, parseMarketSymbol } from '../../domain/symbols.ts';
import { chooseBaseInterval } from './series-loader.ts';
import { isSyntheticSymbol } from './synthetic.ts';

/** Candles for a backtest or a sweep: symbols and range, what to do about gaps, whether to download. */
export interface CandleRangeRequest {
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly gapPolicy: GapPolicy;
  readonly fetchMissingData: boolean;
  /** Bars loaded before fromMs as indicator history (0: indicators warm up inside the range). */
  readonly historyBars: number;
  /** Stored interval of the intrabar detail candles to load with the range (null: none). */
  readonly detailInterval?: string | null;
  /** Load funding-rate history (futures runs), downloading what is missing when fetchMissingData. */
  readonly funding?: boolean;
}

/** The execution settings that decide what a run loads besides its candles. */
export type ExecutionDataSettings = Pick<RunSettings, 'detailTimeframe' | 'marketType'>;

/** The market and range part of a stored backtest or sweep (and of their plans). */
export interface MarketRangeRecord {
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly startDate: Date;
  readonly endDate: Date;
  readonly gapPolicy: GapPolicy;
  readonly fetchMissingData: boolean;
  readonly warmupHistory: boolean;
}

/**
 * The candles a stored backtest or sweep asks for; `historyBars` is what its strategies need before the
 * start (engine historyBarsOf), loaded unless the record turned warm-up history off.
 */
export function candleRangeOf(record: MarketRangeRecord, historyBars: number, settings?: ExecutionDataSettings): CandleRangeRequest {
  return {
    detailInterval: settings ? DETAIL_TIMEFRAME_INTERVALS[settings.detailTimeframe ?? 'OFF'] : null,
    funding: settings?.marketType === 'FUTURES',
    symbols: record.symbols,
    timeframe: record.timeframe,
    fromMs: record.startDate.getTime(),
    toMs: record.endDate.getTime(),
    gapPolicy: record.gapPolicy,
    fetchMissingData: record.fetchMissingData,
    historyBars: record.warmupHistory ? historyBars : 0,
  };
}

/**
 * Where the history of `bars` bars before `fromMs` starts: the one rule runs and sweep evaluations share.
 * It reaches back historyBarsLoaded(bars), so parameter sets whose needs differ a little read one slice.
 */
export function historyStartMs(timeframe: string, fromMs: number, bars: number): number {
  return fromMs - historyBarsLoaded(bars) * intervalMs(parseInterval(timeframe));
}

/**
 * The bars of history loaded for a need of `bars`: the next power of two. Every distinct history start in a
 * sweep is its own candle slice, with its own timeline and its own recursive indicators (an EMA seeded at a
 * different bar is a different series), so a grid whose periods each need a little more history would compute
 * its indicators again for nearly every set; in powers of two a few slices serve the whole grid. More history
 * than needed only settles recursive indicators further, and at most doubles what is loaded before the range.
 */
export function historyBarsLoaded(bars: number): number {
  return bars <= 0 ? 0 : 2 ** Math.ceil(Math.log2(bars));
}

/** How long to wait for the exchange before running on stored candles alone. */
const REACHABILITY_TIMEOUT_MS = 3000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The candles of every symbol of a request, with its gap policy applied, built from the best stored
 * base interval (series-loader.ts). For real symbols with `fetchMissingData`, what the store lacks
 * is downloaded first (only the gaps: a range already stored costs no request). When the exchange cannot
 * be reached, or does not list the symbol but the store has it (imported data), the job goes on with
 * what is stored, and the data report says so. `announce` receives progress messages: downloads, and
 * the part of the range the data does not cover.
 *
 * Before the range, `historyBars` bars are loaded as indicator history (the engine trades only from
 * fromMs: BacktestConfig.startTimeMs). History is what the store holds: its gaps never fail a run (under
 * FILL they are filled like the range's), and when the store begins later (a listing's first days) the
 * data report and a notice say how much of it there was.
 */
export async function loadCandleRange(services: AppServices, request: CandleRangeRequest, announce: (message: string) => void = () => {}) {
  const data = new Map<string, CandleSeries>();
  const detail = new Map<string, CandleSeries>();
  const funding = new Map<string, FundingSeries>();
  const symbols: Record<string, unknown> = {};
  const notices: string[] = [];
  const dataReport: Record<string, unknown> = { gapPolicy: request.gapPolicy, symbols, notices };
  const nowMs = Date.now();
  // Without downloads the candles of every symbol come in a few queries for all (preloadSeries), and what
  // is left per symbol (checks, detail, funding) runs for several at once; downloads go one symbol at a
  // time, as an exchange's rate limit is per client. Results are taken in the request's order.
  const parallel = request.fetchMissingData ? 1 : PARALLEL_SYMBOL_LOADS;
  const preloaded = request.fetchMissingData ? null : await preloadSeries(services, request, nowMs);
  for (const loaded of await inOrder(request.symbols, parallel, (symbol) => loadSymbol(services, request, symbol, nowMs, announce, preloaded))) {
    data.set(loaded.symbol, loaded.series);
    if (loaded.detail) detail.set(loaded.symbol, loaded.detail);
    if (loaded.funding) funding.set(loaded.symbol, loaded.funding);
    symbols[loaded.symbol] = loaded.report;
    notices.push(...loaded.notices);
  }
  return { data, dataReport, detail, funding };
}

/** Symbols handled at once when nothing is downloaded: enough to keep the database and this process both busy. */
const PARALLEL_SYMBOL_LOADS = 4;

/**
 * `load` of every item, at most `parallel` at a time, answered in the items' order; when some fail, the
 * first failing item's error (in that order) once all have settled, so which error a run reports does not
 * depend on timing.
 */
async function inOrder<T, R>(items: readonly T[], parallel: number, load: (item: T) => Promise<R>): Promise<R[]> {
  const settled: Array<PromiseSettledResult<R>> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      settled[i] = await load(items[i]).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<R>).value);
}

/** Every symbol's range and history as stored, in a few queries for all of them; without downloads, nothing changes the store meanwhile. */
async function preloadSeries(services: AppServices, request: CandleRangeRequest, nowMs: number): Promise<PreloadedSeries> {
  const interval = parseInterval(request.timeframe);
  // The history's queries go beside the range's: neither depends on the other.
  const [range, history] = await Promise.all([
    loadSeriesOfSymbols(services.pool, request.symbols, interval, request.fromMs, request.toMs, nowMs),
    request.historyBars > 0 ? loadSeriesOfSymbols(services.pool, request.symbols, interval, historyStartMs(request.timeframe, request.fromMs, request.historyBars), request.fromMs, nowMs) : null,
  ]);
  return { range, history };
}

interface PreloadedSeries {
  readonly range: ReadonlyMap<string, LoadedSeries>;
  readonly history: ReadonlyMap<string, LoadedSeries> | null;
}

/** One symbol's candles (with history, detail and funding), its data report entry and its notices. */
async function loadSymbol(services: AppServices, request: CandleRangeRequest, symbol: string, nowMs: number, announce: (message: string) => void, preloaded: PreloadedSeries | null) {
  const notices: string[] = [];
  const download = request.fetchMissingData && !isSyntheticSymbol(symbol) ? await downloadMissing(services, request, symbol, nowMs, announce) : null;
  const downloaded = downloadNotice(symbol, request.timeframe, download);
  if (downloaded) notices.push(downloaded);
  try {
    // Range and history side by side; the range's failure is the one reported when both fail.
    const [rangeLoad, historyLoad] = await Promise.allSettled([
      loadCandlesForBacktest(services.pool, { symbol, interval: request.timeframe, fromMs: request.fromMs, toMs: request.toMs, gapPolicy: request.gapPolicy, nowMs }, preloaded?.range.get(symbol)),
      request.historyBars > 0 ? loadHistory(services, request, symbol, nowMs, preloaded?.history?.get(symbol)) : null,
    ]);
    if (rangeLoad.status === 'rejected') throw rangeLoad.reason;
    if (historyLoad.status === 'rejected') throw historyLoad.reason;
    const loaded = rangeLoad.value, history = historyLoad.value;
    const series = history?.series ? concatSeries(history.series, loaded.series) : loaded.series;
    validateCandles(series);
    // Candles stored before imports checked their grid (dataQuality lists them) must not pass for bars of this interval.
    const grid = gridProblem(series.openTime, parseInterval(request.timeframe));
    if (grid) throw new PermanentJobError('BAD_DATA', `${symbol} ${request.timeframe} candle #${grid.index}: ${grid.problem} (see dataQuality)`);
    const extra = await loadExecutionData(services, request, symbol, series, nowMs, notices, announce);
    const report = { ...symbolReport(loaded, download), ...(history && { history: history.report }), ...extra.report };
    if (history && history.report.bars < history.report.requestedBars) {
      const notice = historyNotice(symbol, request, history.report);
      notices.push(notice);
      announce(notice);
    }
    if (loaded.leadingMissing || loaded.trailingMissing) {
      const notice = `${symbol} ${request.timeframe}: the data covers ${iso(loaded.coveredFromMs)} → ${iso(loaded.coveredToMs)} only (${describeEdges(loaded)}); running on the covered part`;
      notices.push(notice);
      announce(notice);
    }
    return { symbol, series, detail: extra.detail, funding: extra.funding, report, notices };
  } catch (error) {
    throw asJobError(error, symbol, request, download);
  }
}

/**
 * The detail candles (the request's detail interval over the same bars, resampled from a finer stored one
 * when needed) and the funding history of one symbol, with what the data report says about them.
 */
async function loadExecutionData(
  services: AppServices,
  request: CandleRangeRequest,
  symbol: string,
  series: CandleSeries,
  nowMs: number,
  notices: string[],
  announce: (message: string) => void,
): Promise<{ report: Record<string, unknown>; detail?: CandleSeries; funding?: FundingSeries }> {
  const report: Record<string, unknown> = {};
  const loaded: { report: Record<string, unknown>; detail?: CandleSeries; funding?: FundingSeries } = { report };
  if (series.length === 0) return loaded;
  const fromMs = series.openTime[0], toMs = request.toMs;
  if (request.detailInterval) {
    const detail = await loadSeries(services.pool, symbol, parseInterval(request.detailInterval), fromMs, toMs, nowMs);
    if (detail.series.length > 0) loaded.detail = detail.series;
    report.detail = { interval: request.detailInterval, bars: detail.series.length, baseInterval: detail.baseInterval };
    if (detail.series.length === 0) {
      const notice = `${symbol}: no ${request.detailInterval} candles are stored for intrabar detail; every bar is resolved on its own prices (the run counts the ambiguous exits)`;
      notices.push(notice);
      announce(notice);
    }
  }
  if (request.funding) {
    // Funding history comes from Binance's futures API; other exchanges' funding is imported.
    const downloadable = request.fetchMissingData && !isSyntheticSymbol(symbol) && parseMarketSymbol(symbol).exchange === DEFAULT_EXCHANGE;
    const download = downloadable ? await downloadMissingFunding(services, symbol, fromMs, toMs) : null;
    const rates = await loadFundingRates(services.pool, symbol, fromMs, toMs);
    loaded.funding = rates;
    report.funding = { settlements: rates.timeMs.length, fromMs: rates.timeMs[0] ?? null, toMs: rates.timeMs[rates.timeMs.length - 1] ?? null, ...(download && { download }) };
    if (rates.timeMs.length === 0) {
      const notice = `${symbol}: no funding-rate history is stored for the range; the futures run pays no funding`;
      notices.push(notice);
      announce(notice);
    }
  }
  return loaded;
}

/** Downloads the funding settlements the store lacks before or after what it holds (Binance futures). */
async function downloadMissingFunding(services: AppServices, symbol: string, fromMs: number, toMs: number): Promise<{ stored: number } | { error: string }> {
  const span = await fundingSpan(services.pool, symbol);
  const wanted: Array<[number, number]> = span === null ? [[fromMs, toMs]] : [];
  if (span !== null) {
    if (fromMs < span.fromMs) wanted.push([fromMs, span.fromMs]);
    if (span.toMs + 1 < toMs) wanted.push([span.toMs + 1, toMs]);
  }
  if (wanted.length === 0) return { stored: 0 };
  const client = binanceClient(services, 'futures');
  let stored = 0;
  try {
    for (const [from, to] of wanted) {
      for await (const page of client.fundingPages(symbol, from, to)) stored += await insertFundingRates(services.pool, symbol, page.timeMs, page.rate);
    }
    return { stored };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

interface HistoryReport {
  /** Bars the strategies need before the start. */
  readonly requestedBars: number;
  /** Bars loaded: the need rounded up by historyBarsLoaded, as far as the store had them. */
  readonly bars: number;
  /** Open time of the first history bar loaded, null when there was none. */
  readonly fromMs: number | null;
  readonly gaps: number;
  readonly missingBars: number;
}

/** The stored candles of the history before the range (null when there are none). */
async function loadHistory(services: AppServices, request: CandleRangeRequest, symbol: string, nowMs: number, preloaded?: LoadedSeries): Promise<{ series: CandleSeries | null; report: HistoryReport }> {
  const fromMs = historyStartMs(request.timeframe, request.fromMs, request.historyBars);
  // History only warms indicators up: a gap in it is reported, never fatal.
  const gapPolicy = request.gapPolicy === 'FAIL' ? 'SKIP' : request.gapPolicy;
  try {
    const loaded = await loadCandlesForBacktest(services.pool, { symbol, interval: request.timeframe, fromMs, toMs: request.fromMs, gapPolicy, nowMs }, preloaded);
    const report = {
      requestedBars: request.historyBars,
      bars: loaded.series.length,
      fromMs: loaded.series.openTime[0],
      gaps: loaded.gaps.length,
      missingBars: loaded.gaps.reduce((sum, gap) => sum + gap.missing, 0),
    };
    return { series: loaded.series, report };
  } catch (error) {
    if (!(error instanceof NoCandlesError)) throw error;
    return { series: null, report: { requestedBars: request.historyBars, bars: 0, fromMs: null, gaps: 0, missingBars: 0 } };
  }
}

function historyNotice(symbol: string, request: CandleRangeRequest, report: HistoryReport): string {
  const held = report.bars === 0 ? 'none is stored' : `only ${report.bars} are stored, from ${iso(report.fromMs!)}`;
  return (
    `${symbol} ${request.timeframe}: the strategies need ${report.requestedBars} bars of history before ${iso(request.fromMs)} to start warm; ${held}. ` +
    'Indicators that need more warm up inside the range (the run\'s warmupBars counts those bars)'
  );
}

function symbolReport(loaded: BacktestCandles, download: DownloadReport | null) {
  return {
    bars: loaded.series.length,
    baseInterval: loaded.baseInterval,
    coveredFromMs: loaded.coveredFromMs,
    coveredToMs: loaded.coveredToMs,
    leadingMissing: loaded.leadingMissing,
    trailingMissing: loaded.trailingMissing,
    gaps: loaded.gaps.length,
    missingBars: loaded.gaps.reduce((sum, gap) => sum + gap.missing, 0),
    filledBars: loaded.filledBars,
    gapList: loaded.gaps.slice(0, 50),
    ...(download && { download }),
  };
}

function asJobError(error: unknown, symbol: string, request: CandleRangeRequest, download: DownloadReport | null): unknown {
  const downloaded = download && { download };
  if (error instanceof DataRangeError) {
    const { leadingMissing, trailingMissing } = error.edges;
    return new PermanentJobError('DATA_RANGE', error.message, {
      gapPolicy: request.gapPolicy,
      symbol,
      coveredFromMs: error.covered.fromMs,
      coveredToMs: error.covered.toMs,
      leadingMissing,
      trailingMissing,
      ...downloaded,
    });
  }
  if (error instanceof DataGapError) {
    return new PermanentJobError('DATA_GAPS', `${symbol} ${request.timeframe}: ${error.message}`, { gapPolicy: request.gapPolicy, symbol, gaps: error.gaps.slice(0, 200), ...downloaded });
  }
  if (error instanceof NoCandlesError) {
    const why = download && 'error' in download ? ` (download failed: ${download.error})` : '';
    return new PermanentJobError('NO_DATA', `${error.message}${why}`, download ? { symbol, download } : null);
  }
  if (error instanceof Error && error.name === 'CandleValidationError') return new PermanentJobError('BAD_DATA', error.message);
  return error;
}

/** `interval`: the one downloaded, when the exchange does not serve the run's own. */
type DownloadReport = { candlesStored: number; interval?: Interval } | { skipped: string } | { error: string };

/** What a download did, kept among the run's notices (the live "Downloading …" messages reach only who listens then). */
function downloadNotice(symbol: string, timeframe: string, download: DownloadReport | null): string | null {
  if (!download) return null;
  if ('candlesStored' in download) return download.candlesStored > 0 ? `Downloaded ${download.candlesStored} ${symbol} ${download.interval ?? timeframe} candles from ${exchangeName(symbol)}` : null;
  if ('error' in download) return `${symbol} ${timeframe}: the download failed (${download.error}); running on what is stored`;
  return download.skipped === NOT_LISTED(symbol) ? download.skipped : null;
}

const NOT_LISTED = (symbol: string) => `${symbol} is not listed on ${exchangeName(symbol)}; running on the stored candles only`;

async function downloadMissing(services: AppServices, request: CandleRangeRequest, symbol: string, nowMs: number, announce: (message: string) => void): Promise<DownloadReport> {
  const interval = parseInterval(request.timeframe);
  // The history before the range is downloaded too (Binance clips it to the symbol's listing).
  const fromMs = historyStartMs(request.timeframe, request.fromMs, request.historyBars);
  const { toMs } = request;
  const stored = await chooseBaseInterval(services.pool, symbol, interval, fromMs, toMs, nowMs);
  if (stored?.complete) return { skipped: 'range already stored' };
  const client = candleSource(services, symbol);
  try {
    await client.reachable(REACHABILITY_TIMEOUT_MS);
  } catch (error) {
    return { error: `${exchangeName(symbol)} unreachable: ${(error as Error).message}` };
  }
  try {
    // An exchange without this interval gives a finer one the bars are resampled from on load.
    const served = await client.intervalFor(interval);
    if (served === null) return { error: `${exchangeName(symbol)} serves no interval ${request.timeframe} bars can be built from` };
    const result = await fetchHistory(services.pool, client, { symbol, interval: served, fromMs, toMs }, {
      onProgress: (progress) => announce(`Downloading ${symbol} ${served}: ${progress.percent.toFixed(0)}%`),
    });
    return served === interval ? { candlesStored: result.candlesStored } : { candlesStored: result.candlesStored, interval: served };
  } catch (error) {
    if (error instanceof UnknownSymbolError) {
      if (!(await hasCandles(services.pool, symbol))) throw new PermanentJobError('UNKNOWN_SYMBOL', error.message);
      // Imported data (stocks, other exchanges): nothing to download, but something to run on.
      const skipped = NOT_LISTED(symbol);
      announce(skipped);
      return { skipped };
    }
    if (error instanceof BinanceBannedError) return { error: error.message };
    // A download that broke off keeps what it stored; the gap policy judges the rest.
    return { error: (error as Error).message };
  }
}
