/** Display formatting: every number leaves with its unit and, where it is a change, its sign. */

const nf = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat('en-US', options);
const integer = nf({ maximumFractionDigits: 0 });
const money = nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signedMoney = nf({ minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const decimal = nf({ maximumFractionDigits: 2 });
const signedDecimal = nf({ maximumFractionDigits: 2, signDisplay: 'exceptZero' });

const DASH = '—';
/** One minus sign everywhere (U+2212, as typeset), never the hyphen Intl writes. */
const MINUS = '\u2212';
type Maybe = number | null | undefined;

/** Formats with one of the formatters above, writing negatives with the minus sign. */
const show = (format: Intl.NumberFormat, n: number): string => format.format(n).replace('-', MINUS);

export const formatInt = (n: Maybe): string => (n == null ? DASH : show(integer, n));
export const formatNumber = (n: Maybe): string => (n == null ? DASH : show(decimal, n));
export const formatRatio = formatNumber;

const priceFormats = new Map<number, Intl.NumberFormat>();
/** Decimals a price of this size is shown with: 2 from 100 up, more below, so about five digits show (0.00001234 has 8). */
export function priceDecimals(price: number): number {
  const magnitude = Math.floor(Math.log10(Math.abs(price) || 1));
  return Math.min(8, Math.max(2, 4 - magnitude));
}
/** A price: a fixed number of decimals for its size, so prices of one market line up (64,123.50 beside 64,098.25). */
export const formatPrice = (n: Maybe): string => {
  if (n == null) return DASH;
  const decimals = priceDecimals(n);
  let format = priceFormats.get(decimals);
  if (!format) priceFormats.set(decimals, (format = nf({ minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return show(format, n);
};
const fourDigits = nf({ maximumSignificantDigits: 4 });
const sixDigits = nf({ maximumSignificantDigits: 6 });
/** A chart axis tick: whole numbers from 100 up (12,500, not 12,500.00), four significant digits below (0.5234, 0.00001234). */
export const formatAxisNumber = (n: number): string => show(Math.abs(n) >= 100 ? integer : fourDigits, n);
/** A quantity of the base asset: up to six significant digits (0.0340136, 12.5). */
export const formatQuantity = (n: Maybe): string => (n == null ? DASH : show(sixDigits, n));
/** An amount of quote currency. */
export const formatMoney = (n: Maybe, quote = ''): string => (n == null ? DASH : `${show(money, n)}${quote ? ` ${quote}` : ''}`);
/** A profit or loss in quote currency, always signed. */
export const formatPnl = (n: Maybe, quote = ''): string => (n == null ? DASH : `${show(signedMoney, n)}${quote ? ` ${quote}` : ''}`);
/** A level in percent (win rate, exposure). */
export const formatPercent = (n: Maybe): string => (n == null ? DASH : `${show(decimal, n)} %`);
/** A change in percent (ROI, return), always signed. */
export const formatSignedPercent = (n: Maybe): string => (n == null ? DASH : `${show(signedDecimal, n)} %`);
/** A drawdown: stored positive, shown as the fall it is. */
export const formatDrawdown = (n: Maybe): string => (n == null ? DASH : n === 0 ? '0 %' : `${MINUS}${decimal.format(Math.abs(n))} %`);
/** A change in percentage points (expected win-rate improvement). */
export const formatPoints = (n: Maybe): string => (n == null ? DASH : `${show(signedDecimal, n)} pp`);

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


/** Rate per second, e.g. `12,345 bars/s`. */
export const formatRate = (perSecond: Maybe, unit: string): string => (perSecond == null ? DASH : `${integer.format(perSecond)} ${unit}/s`);

/** `{ fast: 12, slow: 26 }` as `fast 12 · slow 26`. */
export function formatParams(params: Readonly<Record<string, unknown>> | null | undefined): string {
  if (!params) return DASH;
  return Object.entries(params)
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
