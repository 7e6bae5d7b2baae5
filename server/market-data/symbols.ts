import { type MarketSymbol, SymbolSyntaxError, parseMarketSymbol } from '../../domain/symbols.ts';
import { AppError } from '../graphql/errors.ts';

/** A symbol as given, in its canonical form (domain/symbols.ts), or a coded error naming the field. */
export function parseSymbol(text: string, field = 'symbol'): string {
  return parseMarket(text, field).key;
}

/** A symbol with its exchange and pair, or a coded error naming the field. */
export function parseMarket(text: string, field = 'symbol'): MarketSymbol {
  try {
    return parseMarketSymbol(text);
  } catch (error) {
    if (error instanceof SymbolSyntaxError) throw new AppError('BAD_USER_INPUT', `${field}: ${error.message}`, { field });
    throw error;
  }
}
