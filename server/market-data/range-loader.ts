import { validateCandles, type CandleSeries } from '../engine/index.ts';
import { findStoredGaps } from './candle-store.ts';
import { BinanceBannedError, UnknownSymbolError } from './binance-client.ts';
import { DataGapError, NoCandlesError, loadCandlesForBacktest } from './gap-policy.ts';
import { fetchHistory } from './history-fetcher.ts';
import { parseInterval } from './intervals.ts';
import { binanceClient } from './market-data.service.ts';
import { isSyntheticSymbol } from './synthetic.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import type { AppServices } from '../services.ts';
import type { GapPolicy } from './gap-policy.ts';

/** Candles for a backtest or a sweep: symbols and range, what to do about gaps, whether to download. */
export interface CandleRangeRequest {
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly gapPolicy: GapPolicy;
  readonly fetchMissingData: boolean;
}

/** The candles a stored backtest or sweep asks for. */
export function candleRangeOf(record: {
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly startDate: Date;
  readonly endDate: Date;
  readonly gapPolicy: GapPolicy;
  readonly fetchMissingData: boolean;
}): CandleRangeRequest {
  return {
    symbols: record.symbols,
    timeframe: record.timeframe,
    fromMs: record.startDate.getTime(),
    toMs: record.endDate.getTime(),
    gapPolicy: record.gapPolicy,
    fetchMissingData: record.fetchMissingData,
  };
}

/** How long to wait for Binance before running on stored candles alone. */
const REACHABILITY_TIMEOUT_MS = 3000;

/**
 * The candles of every symbol of a request, with its gap policy applied. For real symbols with
 * `fetchMissingData`, the store's gaps in the range are downloaded first (only the gaps: a range
 * already stored costs no request). When Binance cannot be reached the job goes on with what is
 * stored, and the data report says so. `announce` receives download progress messages.
 */
export async function loadCandleRange(services: AppServices, request: CandleRangeRequest, announce: (message: string) => void = () => {}) {
  const data = new Map<string, CandleSeries>();
  const symbols: Record<string, unknown> = {};
  const dataReport: Record<string, unknown> = { gapPolicy: request.gapPolicy, symbols };
  for (const symbol of request.symbols) {
    const download = request.fetchMissingData && !isSyntheticSymbol(symbol) ? await downloadMissing(services, request, symbol, announce) : null;
    try {
      const loaded = await loadCandlesForBacktest(services.pool, {
        symbol,
        interval: request.timeframe,
        fromMs: request.fromMs,
        toMs: request.toMs,
        gapPolicy: request.gapPolicy,
      });
      validateCandles(loaded.series);
      data.set(symbol, loaded.series);
      symbols[symbol] = {
        bars: loaded.series.length,
        gaps: loaded.gaps.length,
        missingBars: loaded.gaps.reduce((sum, gap) => sum + gap.missing, 0),
        filledBars: loaded.filledBars,
        gapList: loaded.gaps.slice(0, 50),
        ...(download && { download }),
      };
    } catch (error) {
      if (error instanceof DataGapError) {
        throw new PermanentJobError('DATA_GAPS', `${symbol} ${request.timeframe}: ${error.message}`, { gapPolicy: request.gapPolicy, symbol, gaps: error.gaps.slice(0, 200), ...(download && { download }) });
      }
      if (error instanceof NoCandlesError) {
        const why = download && 'error' in download ? ` (download failed: ${download.error})` : '';
        throw new PermanentJobError('NO_DATA', `${error.message}${why}`, download ? { symbol, download } : null);
      }
      if (error instanceof Error && error.name === 'CandleValidationError') throw new PermanentJobError('BAD_DATA', error.message);
      throw error;
    }
  }
  return { data, dataReport };
}

type DownloadReport = { candlesStored: number } | { skipped: string } | { error: string };

async function downloadMissing(services: AppServices, request: CandleRangeRequest, symbol: string, announce: (message: string) => void): Promise<DownloadReport> {
  const interval = parseInterval(request.timeframe);
  const { fromMs, toMs } = request;
  const gaps = await findStoredGaps(services.pool, symbol, interval, fromMs, toMs);
  if (gaps.length === 0) return { skipped: 'range already stored' };
  const client = binanceClient(services);
  try {
    await client.ping(AbortSignal.timeout(REACHABILITY_TIMEOUT_MS));
  } catch (error) {
    return { error: `Binance unreachable: ${(error as Error).message}` };
  }
  try {
    const result = await fetchHistory(services.pool, client, { symbol, interval, fromMs, toMs }, {
      onProgress: (progress) => announce(`Downloading ${symbol} ${request.timeframe}: ${progress.percent.toFixed(0)}%`),
    });
    return { candlesStored: result.candlesStored };
  } catch (error) {
    if (error instanceof UnknownSymbolError) throw new PermanentJobError('UNKNOWN_SYMBOL', error.message);
    if (error instanceof BinanceBannedError) return { error: error.message };
    // A download that broke off keeps what it stored; the gap policy judges the rest.
    return { error: (error as Error).message };
  }
}
