import type { CandleSeries } from '../engine/index.ts';
import { loadCandleRange } from '../market-data/index.ts';
import type { AppServices } from '../services.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import { shareSeries, sliceShared, type SharedSeries } from './evaluation/shared-candles.ts';
import { sweepCandleRange } from './sweep-history.ts';

/**
 * A sweep's candles in this worker process: loaded once (the sweep job already downloaded what was
 * missing and checked the gap policy) and kept for its chunks, in shared memory for the evaluation
 * threads. The last few sweeps are kept; a worker rarely serves more at once.
 */
const KEPT = 3;
const markets = new Map<string, Promise<readonly SharedSeries[]>>();

export function sweepMarket(services: AppServices, sweep: IOptimizationSweep): Promise<readonly SharedSeries[]> {
  let market = markets.get(sweep.id);
  if (!market) {
    market = loadCandleRange(services, { ...sweepCandleRange(sweep), fetchMissingData: false }).then(({ data, detail }) => marketOf(data, detail));
    market.catch(() => markets.delete(sweep.id));
    keep(sweep.id, market);
  }
  return market;
}

function keep(sweepId: string, market: Promise<readonly SharedSeries[]>): void {
  markets.set(sweepId, market);
  while (markets.size > KEPT) markets.delete(markets.keys().next().value!);
}

/** Keeps candles the sweep job has just loaded, so the chunks it sends to this process do not load them again. */
export function keepSweepMarket(sweepId: string, data: ReadonlyMap<string, CandleSeries>, detail: ReadonlyMap<string, CandleSeries> = new Map()): void {
  keep(sweepId, Promise.resolve(marketOf(data, detail)));
}

/**
 * The candles the threads share: each symbol's run candles, then its intrabar detail candles (a finer
 * interval of the same symbol: evaluate-params.ts tells them apart by interval).
 */
function marketOf(data: ReadonlyMap<string, CandleSeries>, detail: ReadonlyMap<string, CandleSeries>): SharedSeries[] {
  return [...data.values(), ...detail.values()].map(shareSeries);
}

/** The part of a sweep's market an evaluation reads: from its history start to the end of its range. */
export function marketSlice(market: readonly SharedSeries[], fromMs: number, toMs: number): SharedSeries[] {
  return market.map((series) => sliceShared(series, fromMs, toMs));
}
