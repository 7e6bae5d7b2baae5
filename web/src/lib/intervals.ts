/**
 * Binance intervals as the client needs them: which timeframes a stored market can offer
 * (stored ones, and longer ones that whole stored bars add up to on UTC boundaries).
 */
export const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'] as const;
export type Interval = (typeof INTERVALS)[number];

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const LENGTH_MS: Record<Interval, number> = {
  '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': 60 * MINUTE, '2h': 120 * MINUTE, '4h': 240 * MINUTE, '6h': 360 * MINUTE, '8h': 480 * MINUTE, '12h': 720 * MINUTE,
  '1d': DAY, '3d': 3 * DAY, '1w': 7 * DAY, '1M': 30 * DAY,
};

export const isInterval = (value: string): value is Interval => (INTERVALS as readonly string[]).includes(value);
export const intervalMs = (interval: Interval): number => LENGTH_MS[interval];

/** Whole `from` bars fill every `to` bar: a fixed multiple, or a calendar month of whole days. */
export function canResample(from: Interval, to: Interval): boolean {
  if (intervalMs(to) <= intervalMs(from)) return false;
  if (to === '1M') return DAY % intervalMs(from) === 0;
  return intervalMs(to) % intervalMs(from) === 0;
}

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
