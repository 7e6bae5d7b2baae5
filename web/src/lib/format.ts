/** Display formatting: every number leaves with its unit and, where it is a change, its sign. */

const nf = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat('en-US', options);
const integer = nf({ maximumFractionDigits: 0 });
const money = nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signedMoney = nf({ minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const decimal = nf({ maximumFractionDigits: 2 });
const signedDecimal = nf({ maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const precise = nf({ maximumSignificantDigits: 6 });

const DASH = '—';
type Maybe = number | null | undefined;

export const formatInt = (n: Maybe): string => (n == null ? DASH : integer.format(n));
export const formatNumber = (n: Maybe): string => (n == null ? DASH : decimal.format(n));
export const formatRatio = formatNumber;
/** A price: up to six significant digits (0.00001234 and 64,123.5 both read right). */
export const formatPrice = (n: Maybe): string => (n == null ? DASH : precise.format(n));
/** An amount of quote currency. */
export const formatMoney = (n: Maybe, quote = ''): string => (n == null ? DASH : `${money.format(n)}${quote ? ` ${quote}` : ''}`);
/** A profit or loss in quote currency, always signed. */
export const formatPnl = (n: Maybe, quote = ''): string => (n == null ? DASH : `${signedMoney.format(n)}${quote ? ` ${quote}` : ''}`);
/** A level in percent (win rate, exposure). */
export const formatPercent = (n: Maybe): string => (n == null ? DASH : `${decimal.format(n)} %`);
/** A change in percent (ROI, return), always signed. */
export const formatSignedPercent = (n: Maybe): string => (n == null ? DASH : `${signedDecimal.format(n)} %`);
/** A drawdown: stored positive, shown as the fall it is. */
export const formatDrawdown = (n: Maybe): string => (n == null ? DASH : n === 0 ? '0 %' : `−${decimal.format(Math.abs(n))} %`);
/** A change in percentage points (expected win-rate improvement). */
export const formatPoints = (n: Maybe): string => (n == null ? DASH : `${signedDecimal.format(n)} pp`);

const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** `3d 4h`, `12m 5s`, `850 ms`: the largest unit and the next one when it is not zero. */
export function formatDuration(ms: Maybe): string {
  if (ms == null || !Number.isFinite(ms)) return DASH;
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const first = UNITS.findIndex(([, size]) => abs >= size);
  const [unit, size] = UNITS[first];
  const count = Math.floor(abs / size);
  const next = UNITS[first + 1];
  const rest = next ? Math.floor((abs - count * size) / next[1]) : 0;
  return rest > 0 ? `${count}${unit} ${rest}${next[0]}` : `${count}${unit}`;
}

/** `2024-03-01 14:05 UTC`. */
export function formatDateTime(iso: string | number | null | undefined): string {
  if (iso == null) return DASH;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2024-03-01` (UTC day). */
export function formatDay(iso: string | number | null | undefined): string {
  if (iso == null) return DASH;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of a UTC timestamp, for date inputs. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Rate per second, e.g. `12,345 bars/s`. */
export const formatRate = (perSecond: Maybe, unit: string): string => (perSecond == null ? DASH : `${integer.format(perSecond)} ${unit}/s`);

/** `{ fast: 12, slow: 26 }` as `fast 12 · slow 26`. */
export function formatParams(params: unknown): string {
  if (!params || typeof params !== 'object') return DASH;
  return Object.entries(params as Record<string, unknown>)
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(' · ');
}

/** The quote asset a symbol trades in (BTCUSDT → USDT), for labelling money. */
export function quoteOf(symbols: readonly string[]): string {
  const quotes = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY'];
  const found = new Set(symbols.map((symbol) => quotes.find((quote) => symbol.endsWith(quote)) ?? ''));
  return found.size === 1 ? [...found][0] : '';
}

/** A p-value or a small probability: three decimals, and "< 0.001" below that. */
export const formatPValue = (n: Maybe): string => (n == null ? DASH : n < 0.001 ? '< 0.001' : n.toFixed(3));
