import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LEVERAGE_BRACKET_TABLES, STORED_BRACKET_TABLES, bracketFor, bracketTableAt, bracketsOf } from '../../engine/futures/leverage-brackets.ts';
import { BracketImportError, bracketTableFromBinance, bracketTablesText, withBracketTable } from '../../market-data/leverage-bracket-import.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Binance's GET /fapi/v1/leverageBracket shape: one entry per symbol, tiers in `brackets`. */
function tier(bracket: number, initialLeverage: number, notionalFloor: number, notionalCap: number, maintMarginRatio: number, cum: number) {
  return { bracket, initialLeverage, notionalFloor, notionalCap, maintMarginRatio, cum };
}
// Hand-computed cum: 0; 0 + 10,000 × (0.01 − 0.005) = 50; 50 + 50,000 × (0.02 − 0.01) = 550.
const threeTiers = [tier(1, 50, 0, 10_000, 0.005, 0), tier(2, 25, 10_000, 50_000, 0.01, 50), tier(3, 10, 50_000, 250_000, 0.02, 550)];
const response = [
  { symbol: 'BBBUSDT', notionalCoef: 1, brackets: threeTiers },
  { symbol: 'AAAUSDT', brackets: [tier(1, 20, 0, 5_000, 0.02, 0), tier(2, 10, 5_000, 25_000, 0.025, 25)] },
  { symbol: 'CCCUSDT', brackets: threeTiers.map((t) => ({ ...t, notionalFloor: String(t.notionalFloor), cum: String(t.cum) })) },
];

describe('Binance leverage brackets', () => {
  it('reads a response into a dated table: tiers as numbers, symbols sorted, DEFAULT the commonest USDT perpetual tiers', () => {
    const table = bracketTableFromBinance(response, '2025-01-15', 'a saved response');
    expect(Object.keys(table.symbols)).toEqual(['AAAUSDT', 'BBBUSDT', 'CCCUSDT', 'DEFAULT']);
    expect(table.symbols.BBBUSDT).toEqual([[0, 50, 0.005, 0], [10_000, 25, 0.01, 50], [50_000, 10, 0.02, 550]]);
    expect(table.symbols.CCCUSDT).toEqual(table.symbols.BBBUSDT);
    expect(table.symbols.DEFAULT).toEqual(table.symbols.BBBUSDT);
    expect(table.defaultRule).toBe('the tiers most USDT perpetuals had (2 of 3)');
  });

  it.each([
    ['a gap between tiers', [tier(1, 50, 0, 10_000, 0.005, 0), tier(2, 25, 12_000, 50_000, 0.01, 60)], 'XUSDT bracket 2: notionalFloor 12000 does not join'],
    ['a cum that breaks continuity', [tier(1, 50, 0, 10_000, 0.005, 0), tier(2, 25, 10_000, 50_000, 0.01, 51)], 'XUSDT bracket 2: cum 51 breaks continuity (previous cum + floor × rate step = 50)'],
    ['more leverage on a larger notional', [tier(1, 20, 0, 10_000, 0.005, 0), tier(2, 25, 10_000, 50_000, 0.01, 50)], 'XUSDT bracket 2: initialLeverage 25 is above'],
    ['a first tier above 0', [tier(1, 20, 100, 10_000, 0.005, 0)], 'XUSDT bracket 1: the first tier must start at notional 0'],
    ['leverage of 200', [tier(1, 200, 0, 10_000, 0.005, 0)], 'XUSDT bracket 1: initialLeverage 200 is not an integer in 1..125'],
    ['a rate that is not a number', [{ ...tier(1, 20, 0, 10_000, 0.005, 0), maintMarginRatio: 'x' }], 'XUSDT bracket 1.maintMarginRatio is not a number'],
  ])('refuses %s, naming the bracket', (_, brackets, message) => {
    expect(() => bracketTableFromBinance([{ symbol: 'XUSDT', brackets }], '2025-01-15', 'test')).toThrow(message);
  });

  it('refuses a bad date, a repeated symbol and an empty response', () => {
    expect(() => bracketTableFromBinance(response, '15/01/2025', 'test')).toThrow(BracketImportError);
    expect(() => bracketTableFromBinance([response[0], response[0]], '2025-01-15', 'test')).toThrow('BBBUSDT appears twice');
    expect(() => bracketTableFromBinance([], '2025-01-15', 'test')).toThrow(BracketImportError);
  });

  it('keeps tables by date: a new date is added in order, the same date replaced', () => {
    const a = bracketTableFromBinance(response, '2025-01-15', 'first');
    const b = bracketTableFromBinance(response.slice(0, 2), '2024-06-01', 'older');
    const again = bracketTableFromBinance(response.slice(1), '2025-01-15', 'second');
    expect(withBracketTable(withBracketTable([a], b), again).map((t) => [t.asOf, t.source])).toEqual([['2024-06-01', 'older'], ['2025-01-15', 'second']]);
  });

  it('stores tables that pass the same checks, and the file is exactly what the import writes', async () => {
    const stored = await readFile(path.join(ROOT, 'server/engine/futures/leverage-brackets.json'), 'utf8');
    expect(bracketTablesText(STORED_BRACKET_TABLES)).toBe(stored);
    for (const table of STORED_BRACKET_TABLES) {
      const asResponse = Object.entries(table.symbols)
        .filter(([symbol]) => symbol !== 'DEFAULT')
        .map(([symbol, tiers]) => ({
          symbol,
          brackets: tiers.map(([floor, leverage, rate, cum], i) => tier(i + 1, leverage, floor, tiers[i + 1]?.[0] ?? floor * 2 + 1, rate, cum)),
        }));
      expect(bracketTableFromBinance(asResponse, table.asOf, table.source)).toEqual(table);
    }
  });

  it('picks the table in force at a run’s first candle: BTCUSDT’s tiers differ between the stored dates', () => {
    expect(LEVERAGE_BRACKET_TABLES.map((t) => t.asOf)).toEqual(['2023-10-30', '2024-10-24']);
    const early = bracketTableAt(Date.UTC(2022, 0, 1));
    const late = bracketTableAt(Date.UTC(2025, 0, 1));
    expect([early.asOf, bracketTableAt(Date.UTC(2024, 5, 1)).asOf, late.asOf]).toEqual(['2023-10-30', '2023-10-30', '2024-10-24']);
    // A 1,000,000 notional: tier 3 (from 250,000) in 2023-10-30, tier 3 (from 600,000) in 2024-10-24.
    expect(bracketFor(bracketsOf(early, 'BTCUSDT'), 1_000_000)).toEqual({ notionalFloor: 250_000, maxLeverage: 50, maintenanceMarginRate: 0.01, maintenanceAmount: 1_300 });
    expect(bracketFor(bracketsOf(late, 'BTCUSDT'), 1_000_000)).toEqual({ notionalFloor: 600_000, maxLeverage: 75, maintenanceMarginRate: 0.0065, maintenanceAmount: 950 });
    expect(bracketsOf(early, 'NOSUCHUSDT')).toBe(early.symbols.DEFAULT);
  });

  it('`npm run import:brackets` writes the table, and refuses a bad response leaving the file as it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-brackets-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const out = path.join(dir, 'brackets.json');
    const run = async (body: unknown, asOf: string) => {
      const input = path.join(dir, `${asOf}.json`);
      await writeFile(input, JSON.stringify(body));
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/scripts/import-brackets.ts'), input, '--as-of', asOf, '--source', 'test', '--out', out], { cwd: ROOT });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { code, output };
    };
    const ok = await run(response, '2025-01-15');
    expect(ok.output).toContain('2025-01-15: 3 symbols; DEFAULT = the tiers most USDT perpetuals had (2 of 3)');
    expect(ok.code).toBe(0);
    const written = await readFile(out, 'utf8');
    expect(JSON.parse(written)).toEqual([bracketTableFromBinance(response, '2025-01-15', 'test')]);
    const bad = await run([{ symbol: 'XUSDT', brackets: [tier(1, 50, 0, 10_000, 0.005, 0), tier(2, 25, 10_000, 50_000, 0.01, 51)] }], '2025-02-01');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('Import refused, nothing written: XUSDT bracket 2: cum 51 breaks continuity');
    expect(await readFile(out, 'utf8')).toBe(written);
  });
});
