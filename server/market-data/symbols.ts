import { AppError } from '../graphql/errors.ts';

/** What a symbol may look like: an exchange pair (BTCUSDT), an import's name (GOOG) or a sample (SYNTH-BTCUSDT). */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;

/** A symbol as given, trimmed and upper-cased, or a coded error naming the field. */
export function parseSymbol(text: string, field = 'symbol'): string {
  const symbol = text.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw new AppError('BAD_USER_INPUT', `${field}: "${text.slice(0, 60)}" is not a valid symbol (2–40 letters, digits, ".", "_" or "-")`, { field });
  }
  return symbol;
}
