import type { CandleSeries, FundingSeries } from '../engine/index.ts';
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
const markets = new Map<string, Promise<SharedMarket>>();

/** A sweep's market as its evaluations read it: the candles in shared memory, and each symbol's funding history (FUTURES). */
export interface SharedMarket {
  readonly series: readonly SharedSeries[];
  /** Small (three settlements a day), so each task carries its own copy. */
  readonly funding: ReadonlyMap<string, FundingSeries>;
}

export function sweepMarket(services: AppServices, sweep: IOptimizationSweep): Promise<SharedMarket> {
  let market = markets.get(sweep.id);
  if (!market) {
    market = loadCandleRange(services, { ...sweepCandleRange(sweep), fetchMissingData: false }).then((loaded) => marketOf(loaded));
    market.catch(() => markets.delete(sweep.id));
    keep(sweep.id, market);
  }
  return market;
}

function keep(sweepId: string, market: Promise<SharedMarket>): void {
  markets.set(sweepId, market);
  while (markets.size > KEPT) markets.delete(markets.keys().next().value!);
}

/** What loadCandleRange gives a sweep: the run candles and what the execution model reads besides them. */
export interface LoadedMarket {
  readonly data: ReadonlyMap<string, CandleSeries>;
  readonly detail: ReadonlyMap<string, CandleSeries>;
  readonly funding: ReadonlyMap<string, FundingSeries>;
}

/** Keeps the market the sweep job has just loaded, so the chunks it sends to this process do not load it again. */
export function keepSweepMarket(sweepId: string, loaded: LoadedMarket): void {
  keep(sweepId, Promise.resolve(marketOf(loaded)));
}

/**
 * The candles the threads share: each symbol's run candles, then its intrabar detail candles (a finer
 * interval of the same symbol: evaluate-params.ts tells them apart by interval); and the funding history.
 */
function marketOf({ data, detail, funding }: LoadedMarket): SharedMarket {
  return { series: [...data.values(), ...detail.values()].map(shareSeries), funding };
}

/** The candles of a sweep's market an evaluation reads: from its history start to the end of its range. */
export function marketSlice(market: SharedMarket, fromMs: number, toMs: number): SharedSeries[] {
  return market.series.map((series) => sliceShared(series, fromMs, toMs));
}
