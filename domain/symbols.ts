/**
 * The symbol grammar, one definition for the server and the web client.
 *
 * - `EXCHANGE:BASE/QUOTE` names a market on an exchange other than Binance (`BYBIT:BTC/USDT`,
 *   `KRAKEN:BTC/USD`); the text after the colon is the exchange's unified pair as ccxt spells it.
 * - A plain symbol (`BTCUSDT`) is Binance's own name, or an imported or sample market's
 *   (`GOOG`, `SYNTH-BTCUSDT`). `BINANCE:BTC/USDT` is accepted and means `BTCUSDT`, so Binance data
 *   has one name whichever way it is typed.
 *
 * The canonical text (upper case, what `formatSymbol` returns) is the symbol's key everywhere:
 * the candle store, coverage, runs, sweeps and universes.
 */

export const EXCHANGES = ['BINANCE', 'BYBIT', 'OKX', 'KRAKEN', 'COINBASE'] as const;
export type Exchange = (typeof EXCHANGES)[number];

/** The exchange a plain symbol belongs to. */
export const DEFAULT_EXCHANGE = 'BINANCE' satisfies Exchange;
/** The exchanges whose symbols are always written qualified (EXCHANGE:BASE/QUOTE). */
export type QualifiedExchange = Exclude<Exchange, typeof DEFAULT_EXCHANGE>;

/** Stored symbols are at most this long (the candle table's key column). */
export const MAX_SYMBOL_LENGTH = 40;

const PLAIN = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
const ASSET = '[A-Z0-9][A-Z0-9.-]{0,15}';
const QUALIFIED = new RegExp(`^([A-Z]+):(${ASSET})/(${ASSET})$`);

export interface MarketSymbol {
  readonly exchange: Exchange;
  /** Binance: its symbol (BTCUSDT); other exchanges: the unified pair (BTC/USDT). */
  readonly pair: string;
  /** The canonical text, the key the symbol is stored under. */
  readonly key: string;
}

export class SymbolSyntaxError extends Error {
  constructor(readonly text: string, readonly reason: string) {
    super(`"${text.slice(0, 60)}" is not a valid symbol: ${reason}`);
    this.name = 'SymbolSyntaxError';
  }
}

export function isExchange(name: string): name is Exchange {
  return (EXCHANGES as readonly string[]).includes(name);
}

/** The canonical text of a market: plain for Binance, `EXCHANGE:BASE/QUOTE` otherwise. */
export function formatSymbol(exchange: Exchange, pair: string): string {
  return exchange === DEFAULT_EXCHANGE ? pair.replace('/', '') : `${exchange}:${pair}`;
}

/** A symbol as typed (any case, surrounding spaces) → its exchange, pair and key, or SymbolSyntaxError. */
export function parseMarketSymbol(text: string): MarketSymbol {
  const upper = text.trim().toUpperCase();
  if (!upper.includes(EXCHANGE_SEPARATOR)) {
    if (!PLAIN.test(upper)) throw new SymbolSyntaxError(text, '1–40 letters, digits, ".", "_" or "-", or EXCHANGE:BASE/QUOTE');
    return { exchange: DEFAULT_EXCHANGE, pair: upper, key: upper };
  }
  const match = QUALIFIED.exec(upper);
  if (!match) throw new SymbolSyntaxError(text, 'expected EXCHANGE:BASE/QUOTE, e.g. BYBIT:BTC/USDT');
  const [, exchange, base, quote] = match;
  if (!isExchange(exchange)) throw new SymbolSyntaxError(text, `unknown exchange ${exchange} (one of ${EXCHANGES.join(', ')})`);
  const pair = `${base}/${quote}`;
  const key = formatSymbol(exchange, pair);
  if (key.length > MAX_SYMBOL_LENGTH) throw new SymbolSyntaxError(text, `longer than ${MAX_SYMBOL_LENGTH} characters`);
  return { exchange, pair: exchange === DEFAULT_EXCHANGE ? key : pair, key };
}

/** What separates the exchange from the pair in a qualified symbol (a plain symbol has none). */
export const EXCHANGE_SEPARATOR = ':';

/** Whether a symbol names a Binance market (the only exchange whose futures and funding are served). */
export function isBinanceSymbol(text: string): boolean {
  return isValidSymbol(text) && parseMarketSymbol(text).exchange === DEFAULT_EXCHANGE;
}

/** Whether a symbol is well-formed (for forms: the server gives the reason). */
export function isValidSymbol(text: string): boolean {
  try {
    parseMarketSymbol(text);
    return true;
  } catch {
    return false;
  }
}
