/**
 * `npm run import:brackets -- <response.json> --as-of YYYY-MM-DD --source "<where it came from>"`
 *
 * Adds a dated table of Binance's leverage brackets to engine/futures/leverage-brackets.json from a saved
 * response of GET /fapi/v1/leverageBracket (signed: any Binance account's API key can read it). The whole
 * response is checked first; a bad bracket refuses it (exit 1, the bracket named) and the file is left as
 * it was. A table of the same date is replaced; older tables stay, so old runs keep their brackets.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STORED_BRACKET_TABLES } from '../engine/futures/leverage-brackets.ts';
import { BracketImportError, bracketTableFromBinance, bracketTablesText, withBracketTable } from '../market-data/leverage-bracket-import.ts';

const usage = 'Usage: npm run import:brackets -- <response.json> --as-of YYYY-MM-DD --source "<where it came from>" [--out <file>]';
const STORED_FILE = fileURLToPath(new URL('../engine/futures/leverage-brackets.json', import.meta.url));

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'as-of': { type: 'string' }, source: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1 || !values['as-of'] || !values.source) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const out = values.out ?? STORED_FILE;
  try {
    const response: unknown = JSON.parse(await readFile(positionals[0], 'utf8'));
    const existing = values.out ? (JSON.parse(await readFile(out, 'utf8').catch(() => '[]')) as typeof STORED_BRACKET_TABLES) : STORED_BRACKET_TABLES;
    const table = bracketTableFromBinance(response, values['as-of'], values.source);
    await writeFile(out, bracketTablesText(withBracketTable(existing, table)));
    console.log(`${table.asOf}: ${Object.keys(table.symbols).length - 1} symbols; DEFAULT = ${table.defaultRule} → ${out}`);
    return 0;
  } catch (error) {
    if (error instanceof BracketImportError || error instanceof SyntaxError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`Import refused, nothing written: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}

process.exit(await main());
