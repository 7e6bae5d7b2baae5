/**
 * Reading Binance's leverage brackets (the response of GET /fapi/v1/leverageBracket, USDⓈ-M) into a dated
 * table of engine/futures/leverage-brackets.json. The whole response is checked before anything is
 * written: the tiers must start at 0, join without gaps, loosen leverage and tighten margin as notional
 * grows, and carry the maintenance amount that keeps maintenance margin continuous. One bad bracket
 * refuses the response, naming it.
 */
import { DEFAULT_BRACKETS_SYMBOL, type StoredBracketTable, type StoredBracketTier } from '../engine/futures/leverage-brackets.ts';

export class BracketImportError extends Error {}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SYMBOL = /^[A-Z0-9]{2,40}(_[0-9]{6})?$/;
/** Binance rounds cum to a few decimals; a larger gap means the tiers do not belong together. */
const CUM_TOLERANCE = 1e-6;
/** Symbols whose tiers can stand in for an unlisted one: USDT-margined perpetuals (no delivery date). */
const PERPETUAL_USDT = /^[A-Z0-9]+USDT$/;

function numberAt(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new BracketImportError(`${where} is not a number`);
  return n;
}

function tiersOf(symbol: string, brackets: unknown): StoredBracketTier[] {
  if (!Array.isArray(brackets) || brackets.length === 0) throw new BracketImportError(`${symbol}: brackets is not a non-empty list`);
  const rows = brackets.map((b: Record<string, unknown>, i) => {
    const where = `${symbol} bracket ${i + 1}`;
    if (typeof b !== 'object' || b === null) throw new BracketImportError(`${where} is not an object`);
    return {
      where,
      floor: numberAt(b.notionalFloor, `${where}.notionalFloor`),
      cap: numberAt(b.notionalCap, `${where}.notionalCap`),
      leverage: numberAt(b.initialLeverage, `${where}.initialLeverage`),
      rate: numberAt(b.maintMarginRatio, `${where}.maintMarginRatio`),
      cum: numberAt(b.cum, `${where}.cum`),
    };
  });
  rows.forEach((r, i) => {
    if (!Number.isInteger(r.leverage) || r.leverage < 1 || r.leverage > 125) throw new BracketImportError(`${r.where}: initialLeverage ${r.leverage} is not an integer in 1..125`);
    if (!(r.rate > 0 && r.rate < 1)) throw new BracketImportError(`${r.where}: maintMarginRatio ${r.rate} is not in (0, 1)`);
    if (!(r.cap > r.floor)) throw new BracketImportError(`${r.where}: notionalCap ${r.cap} is not above notionalFloor ${r.floor}`);
    if (i === 0) {
      if (r.floor !== 0 || r.cum !== 0) throw new BracketImportError(`${r.where}: the first tier must start at notional 0 with cum 0`);
      return;
    }
    const before = rows[i - 1];
    if (r.floor !== before.cap) throw new BracketImportError(`${r.where}: notionalFloor ${r.floor} does not join the previous tier's notionalCap ${before.cap}`);
    if (r.leverage > before.leverage) throw new BracketImportError(`${r.where}: initialLeverage ${r.leverage} is above the previous tier's ${before.leverage}`);
    if (r.rate < before.rate) throw new BracketImportError(`${r.where}: maintMarginRatio ${r.rate} is below the previous tier's ${before.rate}`);
    const expected = before.cum + r.floor * (r.rate - before.rate);
    if (Math.abs(r.cum - expected) > CUM_TOLERANCE * Math.max(1, expected)) {
      throw new BracketImportError(`${r.where}: cum ${r.cum} breaks continuity (previous cum + floor × rate step = ${expected})`);
    }
  });
  return rows.map((r) => [r.floor, r.leverage, r.rate, r.cum] as const);
}

/** The tiers most USDT perpetuals share (ties: the first in symbol order), with how many share them. */
function commonestTiers(symbols: Readonly<Record<string, readonly StoredBracketTier[]>>): { tiers: readonly StoredBracketTier[]; count: number; of: number } {
  const counts = new Map<string, { tiers: readonly StoredBracketTier[]; count: number }>();
  let of = 0;
  for (const symbol of Object.keys(symbols).sort()) {
    if (!PERPETUAL_USDT.test(symbol)) continue;
    of += 1;
    const key = JSON.stringify(symbols[symbol]);
    const entry = counts.get(key) ?? { tiers: symbols[symbol], count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  let best: { tiers: readonly StoredBracketTier[]; count: number } | null = null;
  for (const entry of counts.values()) if (best === null || entry.count > best.count) best = entry;
  if (best === null) throw new BracketImportError('the response has no USDT perpetual symbol to derive DEFAULT from');
  return { ...best, of };
}

/** A checked, dated table from Binance's response (symbols in alphabetical order, DEFAULT last). */
export function bracketTableFromBinance(response: unknown, asOf: string, source: string): StoredBracketTable {
  if (!ISO_DATE.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new BracketImportError(`asOf ${JSON.stringify(asOf)} is not a date (YYYY-MM-DD)`);
  if (source.trim() === '') throw new BracketImportError('source is empty: say where the response came from');
  if (!Array.isArray(response) || response.length === 0) throw new BracketImportError('the response is not a non-empty list of { symbol, brackets }');
  const symbols: Record<string, readonly StoredBracketTier[]> = {};
  for (const [i, entry] of response.entries()) {
    const symbol = (entry as { symbol?: unknown })?.symbol;
    if (typeof symbol !== 'string' || !SYMBOL.test(symbol)) throw new BracketImportError(`entry ${i + 1}: symbol ${JSON.stringify(symbol)} is not a Binance futures symbol`);
    if (symbol in symbols) throw new BracketImportError(`${symbol} appears twice`);
    symbols[symbol] = tiersOf(symbol, (entry as { brackets?: unknown }).brackets);
  }
  const sorted: Record<string, readonly StoredBracketTier[]> = {};
  for (const symbol of Object.keys(symbols).sort()) sorted[symbol] = symbols[symbol];
  const common = commonestTiers(sorted);
  sorted[DEFAULT_BRACKETS_SYMBOL] = common.tiers;
  return {
    asOf,
    source,
    defaultRule: `the tiers most USDT perpetuals had (${common.count} of ${common.of})`,
    symbols: sorted,
  };
}

/** The stored tables with `table` added (replacing one of the same date), oldest first. */
export function withBracketTable(tables: readonly StoredBracketTable[], table: StoredBracketTable): StoredBracketTable[] {
  return [...tables.filter((t) => t.asOf !== table.asOf), table].sort((a, b) => a.asOf.localeCompare(b.asOf));
}

/** leverage-brackets.json's text: one symbol per line, so an update reads as a diff of the symbols that changed. */
export function bracketTablesText(tables: readonly StoredBracketTable[]): string {
  const tableText = (t: StoredBracketTable) => {
    const lines = Object.entries(t.symbols).map(([symbol, tiers]) => `      ${JSON.stringify(symbol)}: ${JSON.stringify(tiers)}`);
    return `  {\n    "asOf": ${JSON.stringify(t.asOf)},\n    "source": ${JSON.stringify(t.source)},\n    "defaultRule": ${JSON.stringify(t.defaultRule)},\n    "symbols": {\n${lines.join(',\n')}\n    }\n  }`;
  };
  return `[\n${tables.map(tableText).join(',\n')}\n]\n`;
}
