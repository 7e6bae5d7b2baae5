/** What other features may use of market data: loading candles and checking their coverage. */
export { coverage, loadColumnsOfSymbols } from './candle-store.ts';
export { loadCandlesForBacktest } from './gap-policy.ts';
export { candleRangeOf, historyStartMs, loadCandleRange, type CandleRangeRequest, type MarketRangeRecord } from './range-loader.ts';
export { chooseBaseIntervals, loadSeries } from './series-loader.ts';
export { parseSymbol } from './symbols.ts';
