/**
 * Which timeframes a stored market can offer (stored ones, and longer ones that whole stored bars
 * add up to on the exchange's boundaries), from the one interval definition both sides share.
 */
import { INTERVALS, divides, intervalMs, isInterval, type Interval } from '../../../domain/intervals.ts';

/** Whole `from` bars fill every `to` bar, and `to` is the longer one. */
export const canResample = (from: Interval, to: Interval): boolean => from !== to && divides(from, to);

export interface TimeframeOption {
  readonly interval: Interval;
  /** Equal to `interval` when every symbol stores it; else the stored interval a symbol lacking it is built from. */
  readonly source: Interval;
}

/**
 * Timeframes every one of `symbols` can run on, given what is stored per symbol. A symbol with
 * nothing stored constrains nothing (its candles would be downloaded).
 */
export function offeredTimeframes(stored: ReadonlyMap<string, readonly string[]>, symbols: readonly string[]): TimeframeOption[] | null {
  const constrained = symbols.filter((symbol) => (stored.get(symbol)?.length ?? 0) > 0);
  if (constrained.length === 0) return null;
  const options: TimeframeOption[] = [];
  for (const interval of INTERVALS) {
    let source: Interval | null = interval;
    for (const symbol of constrained) {
      const have = (stored.get(symbol) ?? []).filter(isInterval).sort((a, b) => intervalMs(b) - intervalMs(a));
      const from: Interval | null = have.includes(interval) ? interval : (have.find((s) => canResample(s, interval)) ?? null);
      if (!from) {
        source = null;
        break;
      }
      if (from !== interval) source = from;
    }
    if (source) options.push({ interval, source });
  }
  return options;
}

/** The intervals stored per symbol, from coverage rows. */
export function storedIntervalsOf(rows: ReadonlyArray<{ symbol: string; interval: string }>): ReadonlyMap<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) map.set(row.symbol, [...(map.get(row.symbol) ?? []), row.interval]);
  return map;
}
