import { performance } from 'node:perf_hooks';
import { compileDocument, firstAtOrAfter, previewRun, resolveParamsFor, type ExitReason, type StrategyDocument, type TradeDirection } from '../engine/index.ts';
import { AppError } from '../graphql/errors.ts';
import { intervalMs, parseInterval } from '../../domain/intervals.ts';
import { historyStartMs, loadCandlesForBacktest } from '../market-data/index.ts';
import type { AppServices } from '../services.ts';

export type SignalKind = 'ENTRY_LONG' | 'ENTRY_SHORT' | 'EXIT' | 'EXIT_LONG' | 'EXIT_SHORT';
const KIND_OF: Record<number, SignalKind> = { 1: 'ENTRY_LONG', [-1]: 'ENTRY_SHORT', 2: 'EXIT', 3: 'EXIT_LONG', [-3]: 'EXIT_SHORT' };

export interface SignalMarker {
  readonly timeMs: number;
  readonly kind: SignalKind;
  /** The close the decision was taken at. */
  readonly price: number;
}

/** A position the preview's simulation opened and closed, with the run settings' defaults and the document's own stops and sizing. */
export interface PreviewTrade {
  readonly direction: TradeDirection;
  readonly entryTimeMs: number;
  readonly entryPrice: number;
  readonly exitTimeMs: number;
  readonly exitPrice: number;
  readonly exitReason: ExitReason;
}

export interface StrategyPreview {
  readonly timesMs: number[];
  readonly closes: number[];
  readonly markers: SignalMarker[];
  readonly trades: PreviewTrade[];
  readonly historyBars: number;
  /** Server time to compile the document, compute every decision and simulate its trades (candles loaded before it). */
  readonly computeMs: number;
}

/** Every signal of a document on a market and range and the trades they make (engine/language/preview.ts), computed on the server (the builder's live preview). */
export async function previewStrategy(
  services: AppServices,
  document: StrategyDocument,
  request: { symbol: string; timeframe: string; fromMs: number; toMs: number; params: Record<string, number | boolean> },
): Promise<StrategyPreview> {
  const module = compileDocument(document, 'preview');
  const resolved = resolveParamsFor(module, request.params);
  if ('errors' in resolved) throw new AppError('INVALID_STRATEGY_PARAMS', resolved.errors.join('; '), { issues: resolved.errors });
  const historyBars = module.historyBars(resolved.params, intervalMs(parseInterval(request.timeframe)));
  const loaded = await loadCandlesForBacktest(services.pool, {
    symbol: request.symbol,
    interval: request.timeframe,
    fromMs: historyStartMs(request.timeframe, request.fromMs, historyBars),
    toMs: request.toMs,
    gapPolicy: 'SKIP',
  }).catch((error: Error) => {
    throw new AppError('NO_DATA', `No candles for ${request.symbol} ${request.timeframe} in the range: ${error.message}`);
  });
  const series = loaded.series;
  const started = performance.now();
  let run;
  try {
    run = previewRun(module, series, resolved.params, request.fromMs);
  } catch (error) {
    throw new AppError('INVALID_STRATEGY_DOCUMENT', `The strategy cannot run on ${request.timeframe} candles: ${(error as Error).message}`, { problems: [{ path: 'rules', message: (error as Error).message }] });
  }
  const computeMs = performance.now() - started;
  const start = firstAtOrAfter(series.openTime, request.fromMs);
  const markers: SignalMarker[] = [];
  for (let i = start; i < series.length; i++) {
    const kind = KIND_OF[run.decisions.direction[i]];
    if (kind !== undefined) markers.push({ timeMs: series.openTime[i], kind, price: series.close[i] });
  }
  return {
    timesMs: Array.from(series.openTime.subarray(start)),
    closes: Array.from(series.close.subarray(start)),
    markers,
    trades: run.trades.map(({ direction, entryTimeMs, entryPrice, exitTimeMs, exitPrice, exitReason }) => ({ direction, entryTimeMs, entryPrice, exitTimeMs, exitPrice, exitReason })),
    historyBars,
    computeMs,
  };
}
