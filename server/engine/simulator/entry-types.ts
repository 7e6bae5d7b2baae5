import type { EntryOrderType } from '../settings.ts';

/** Entry order types as the simulator's codes (= the trade log's entry kinds). */
export const MARKET_ENTRY = 0, LIMIT_ENTRY = 1, STOP_ENTRY = 2, STOP_LIMIT_ENTRY = 3;
const ENTRY_TYPE_CODES: Readonly<Record<EntryOrderType, number>> = { MARKET: MARKET_ENTRY, LIMIT: LIMIT_ENTRY, STOP: STOP_ENTRY, STOP_LIMIT: STOP_LIMIT_ENTRY };

export function entryTypeCode(type: EntryOrderType): number {
  return ENTRY_TYPE_CODES[type];
}
