import { validateCandles, type CandleSeries } from '../engine/index.ts';
import { findStoredGaps } from '../market-data/candle-store.ts';
import { BinanceBannedError, UnknownSymbolError } from '../market-data/binance-client.ts';
import { DataGapError, NoCandlesError, loadCandlesForBacktest } from '../market-data/gap-policy.ts';
import { fetchHistory } from '../market-data/history-fetcher.ts';
import { parseInterval } from '../market-data/intervals.ts';
import { binanceClient } from '../market-data/market-data.service.ts';
import { isSyntheticSymbol } from '../market-data/synthetic.ts';
import type { AppServices } from '../services.ts';
import type { IBacktestRun } from './backtest-run.entity.ts';
import { progressEventOf, publishProgress } from './backtest.service.ts';

/** A failure that retrying cannot fix (bad data, gaps under FAIL, unknown symbol): the run fails at once. */
export class PermanentRunError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly dataReport: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/** How long to wait for Binance before running on stored candles alone. */
const REACHABILITY_TIMEOUT_MS = 3000;

/**
 * The candles of every symbol of a run, with the run's gap policy applied. For real symbols with
 * `fetchMissingData`, the store's gaps in the range are downloaded first (only the gaps: a range
 * already stored costs no request). When Binance cannot be reached the run goes on with what is
 * stored, and the data report says so.
 */
export async function loadRunCandles(services: AppServices, run: IBacktestRun) {
  const data = new Map<string, CandleSeries>();
  const symbols: Record<string, unknown> = {};
  const dataReport: Record<string, unknown> = { gapPolicy: run.gapPolicy, symbols };
  for (const symbol of run.symbols) {
    const download = run.fetchMissingData && !isSyntheticSymbol(symbol) ? await downloadMissing(services, run, symbol) : null;
    try {
      const loaded = await loadCandlesForBacktest(services.pool, {
        symbol,
        interval: run.timeframe,
        fromMs: run.startDate.getTime(),
        toMs: run.endDate.getTime(),
        gapPolicy: run.gapPolicy,
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
        throw new PermanentRunError('DATA_GAPS', `${symbol} ${run.timeframe}: ${error.message}`, { gapPolicy: run.gapPolicy, symbol, gaps: error.gaps.slice(0, 200), ...(download && { download }) });
      }
      if (error instanceof NoCandlesError) {
        const why = download && 'error' in download ? ` (download failed: ${download.error})` : '';
        throw new PermanentRunError('NO_DATA', `${error.message}${why}`, download ? { symbol, download } : null);
      }
      if (error instanceof Error && error.name === 'CandleValidationError') throw new PermanentRunError('BAD_DATA', error.message);
      throw error;
    }
  }
  return { data, dataReport };
}

type DownloadReport = { candlesStored: number } | { skipped: string } | { error: string };

async function downloadMissing(services: AppServices, run: IBacktestRun, symbol: string): Promise<DownloadReport> {
  const interval = parseInterval(run.timeframe);
  const fromMs = run.startDate.getTime();
  const toMs = run.endDate.getTime();
  const gaps = await findStoredGaps(services.pool, symbol, interval, fromMs, toMs);
  if (gaps.length === 0) return { skipped: 'range already stored' };
  const client = binanceClient(services);
  try {
    await client.ping(AbortSignal.timeout(REACHABILITY_TIMEOUT_MS));
  } catch (error) {
    return { error: `Binance unreachable: ${(error as Error).message}` };
  }
  const announce = (message: string) => publishProgress(services, { ...progressEventOf(run), status: 'RUNNING', message });
  try {
    const result = await fetchHistory(services.pool, client, { symbol, interval, fromMs, toMs }, {
      onProgress: (progress) => announce(`Downloading ${symbol} ${run.timeframe}: ${progress.percent.toFixed(0)}%`),
    });
    return { candlesStored: result.candlesStored };
  } catch (error) {
    if (error instanceof UnknownSymbolError) throw new PermanentRunError('UNKNOWN_SYMBOL', error.message);
    if (error instanceof BinanceBannedError) return { error: error.message };
    // A download that broke off keeps what it stored; the gap policy judges the rest.
    return { error: (error as Error).message };
  }
}
