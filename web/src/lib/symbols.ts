/**
 * Symbols in forms, from the one grammar both sides share (domain/symbols.ts): what is typed is
 * turned into its canonical form when it is well-formed (the server explains what is not), and a
 * typed pair (BTC/USDT) is offered on every exchange that writes its symbols qualified.
 */
import { DEFAULT_EXCHANGE, EXCHANGES, formatSymbol, parseMarketSymbol, type QualifiedExchange } from '../../../domain/symbols.ts';

const QUALIFIED_EXCHANGES = EXCHANGES.filter((e): e is QualifiedExchange => e !== DEFAULT_EXCHANGE);
const PAIR = /^[A-Z0-9][A-Z0-9.-]*\/[A-Z0-9][A-Z0-9.-]*$/;

/** Help text naming the exchanges, for every symbol field. */
export const SYMBOL_HELP = `Plain symbols are Binance's (BTCUSDT); other exchanges' are EXCHANGE:BASE/QUOTE, e.g. ${formatSymbol(QUALIFIED_EXCHANGES[0], 'BTC/USDT')} (exchanges: ${QUALIFIED_EXCHANGES.join(', ')}).`;

/** The canonical symbol of what was typed, or the text upper-cased when it is not a valid symbol. */
export function normaliseSymbol(text: string): string {
  try {
    return parseMarketSymbol(text).key;
  } catch {
    return text.trim().toUpperCase();
  }
}

/** A typed pair (BTC/USDT) on each exchange that names its symbols (BYBIT:BTC/USDT, …); nothing for other text. */
export function qualifiedChoices(query: string): { value: string; note: string }[] {
  const pair = query.trim().toUpperCase();
  if (!PAIR.test(pair)) return [];
  return QUALIFIED_EXCHANGES.map((exchange) => ({ value: formatSymbol(exchange, pair), note: exchange.toLowerCase() }));
}

/** The exchange a typed symbol is fetched from, as the forms name it ("the exchange" while it is not valid yet). */
export function exchangeOf(text: string): string {
  try {
    const { exchange } = parseMarketSymbol(text);
    return exchange === DEFAULT_EXCHANGE ? 'Binance' : exchange;
  } catch {
    return 'the exchange';
  }
}
