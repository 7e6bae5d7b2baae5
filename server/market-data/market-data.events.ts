/** Live progress of one fetch-history job, published on the `dataFetchProgress` topic keyed by fetch id. */
export type DataFetchStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface DataFetchProgressEvent {
  readonly fetchId: string;
  readonly symbol: string;
  readonly interval: string;
  readonly status: DataFetchStatus;
  /** Candles written by this fetch so far (already-stored ones are never re-downloaded, so not counted). */
  readonly candlesStored: number;
  /** Requested range, epoch ms, half-open [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  /** Everything before this open time is now covered (stored, or confirmed absent on the exchange). */
  readonly coveredToMs: number;
  /** 0–100 of the bars missing at the start of the fetch. */
  readonly percent: number;
  /** Estimated seconds left, null until a rate can be measured. */
  readonly etaSeconds: number | null;
  readonly message: string | null;
}

declare module '../graphql/pubsub.ts' {
  interface Topics {
    dataFetchProgress: [fetchId: string, event: DataFetchProgressEvent];
  }
}
