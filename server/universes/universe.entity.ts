import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { Exchange } from '../../domain/symbols.ts';

/** A rule over the stored candles that picks a universe's pairs when a run or sweep starts (universe-rule.ts). */
export interface UniverseRule {
  /** Pairs quoted in this asset (the symbol ends with it), e.g. USDT. */
  readonly quoteAsset?: string | null;
  /** Least mean daily quote volume (close × volume) over the lookback before the run's start. */
  readonly minQuoteVolume?: number | null;
  /** Least days between a pair's first stored candle and the run's start. */
  readonly minListingDays?: number | null;
  /** Keep at most this many pairs, by quote volume, highest first. */
  readonly maxPairs?: number | null;
  /** Days before the start the volume is averaged over (default 30). */
  readonly lookbackDays?: number | null;
  /** Only pairs stored from this exchange (plain symbols are Binance's); null = every exchange. */
  readonly exchange?: Exchange | null;
}

/**
 * A named universe of pairs, reusable by runs and sweeps: a stored list of symbols, or a rule evaluated on
 * the stored data at each run's start (so a rule never looks past the start: no survivorship from the future).
 */
export const Universe = defineEntity({
  name: 'Universe',
  tableName: 'universe',
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.string().length(200).unique(),
    /** The list; null for a rule universe. */
    symbols: p.array().$type<string[]>().nullable(),
    /** The rule; null for a list universe. */
    rule: p.json<UniverseRule>().nullable(),
    createdBy: p.string().length(100).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});

export type IUniverse = InferEntity<typeof Universe>;
