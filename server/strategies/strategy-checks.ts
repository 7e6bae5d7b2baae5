import {
  compileDocument,
  documentHistoryBars,
  documentWarmup,
  generateCandles,
  lookAheadCheck,
  type CandleSeries,
  type StrategyDocument,
  type StrategyModule,
  type StrategyParams,
} from '../engine/index.ts';
import type { StoredChecks } from './user-strategy.entity.ts';

/** The candles the save-time checks run on: deterministic 5m candles with trends and ranges, a fortnight long. */
let checkCandles: CandleSeries | null = null;
function candlesForChecks(): CandleSeries {
  checkCandles ??= generateCandles({ bars: 4_000, seed: 18, symbol: 'CHECKUSDT', intervalMs: 300_000, startPrice: 100, regimeBars: 400 });
  return checkCandles;
}

export function defaultsOf(module: StrategyModule): StrategyParams {
  return Object.fromEntries(module.spec.params.map((p) => [p.name, p.default]));
}

/**
 * The checks every strategy gets (a document on save, any strategy by API): warm-up per series from the
 * graph, and look-ahead by truncation (decisions on ranges cut at 12 points equal the full range's).
 * Throws what a run of the document would throw (e.g. a timeframe that is no multiple of the candles).
 */
export function checkStrategy(module: StrategyModule, document: StrategyDocument | null, candles: CandleSeries = candlesForChecks(), params: StrategyParams = defaultsOf(module)): StoredChecks {
  const report = lookAheadCheck(module, candles, params, 12);
  return {
    warmup: document === null ? [{ path: 'strategy', bars: module.historyBars(params, candles.intervalMs), exact: false }] : documentWarmup(document, params, candles.intervalMs),
    historyBars: document === null ? module.historyBars(params, candles.intervalMs) : documentHistoryBars(document, params, candles.intervalMs),
    lookAhead: {
      passed: report.findings.length === 0,
      cuts: report.cuts.length,
      barsCompared: report.barsCompared,
      findings: report.findings.map(({ cut, bar, full, cutRange }) => ({ cut, bar, full, cutRange })),
    },
  };
}

export function checkDocument(document: StrategyDocument): StoredChecks {
  return checkStrategy(compileDocument(document, 'document under check'), document);
}
