/**
 * Backups of the app's database (server/db/backup.ts), embedded or DATABASE_URL.
 *   npm run db:backup [-- <file>]     default $CANDLELAB_BACKUP_DIR/candlelab-<UTC time>.backup; safe while the app runs
 *   npm run db:restore -- <file>      replaces the database with the backup; stop the app first. A
 *                                     database holding data is first saved to backups/candlelab-before-restore-<time>.backup.
 * Restoring into a data folder whose database is gone re-initialises it (the one case that may).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { holdsData, otherConnections, readBackupHeader, restoreBackup, restoreRefusal, writeBackup } from '../db/backup.ts';
import { openDatabase } from '../db/database.ts';
import { openOrm } from '../db/orm.ts';
import { createLogger } from '../logger.ts';

const [command, fileArgument] = process.argv.slice(2);
const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

async function main(): Promise<number> {
  if ((command !== 'backup' && command !== 'restore') || (command === 'restore' && !fileArgument)) {
    console.error('usage: npm run db:backup [-- <file>] | npm run db:restore -- <file>');
    return 2;
  }
  const config = loadConfig();
  const defaultFile = (prefix: string) => path.join(config.supervision.backupDir, `${prefix}-${stamp()}.backup`);
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'db', config.logFormat);
  if (command === 'restore') {
    const refusal = restoreRefusal(await readBackupHeader(path.resolve(fileArgument)));
    if (refusal) throw new Error(`cannot restore ${fileArgument}: ${refusal}`);
  }
  // A restore may recreate a data folder whose database is gone: that is what it is for.
  const effective = command === 'restore' ? { ...config, supervision: { ...config.supervision, reinitialise: true } } : config;
  const db = await openDatabase(effective, log, { watchdog: false });
  try {
    if (command === 'backup') {
      const file = path.resolve(fileArgument ?? defaultFile('candlelab'));
      await mkdir(path.dirname(file), { recursive: true });
      const { rows } = await writeBackup(db.url, file);
      console.log(`Backed up ${describe(rows)} to ${file}`);
      return 0;
    }
    const others = await otherConnections(db.url);
    if (others > 0) throw new Error(`the database has ${others} other connection(s): stop Candlelab (npm start, workers, imports) before restoring`);
    if (await holdsData(db.url)) {
      const safety = defaultFile('candlelab-before-restore');
      await mkdir(path.dirname(safety), { recursive: true });
      await writeBackup(db.url, safety);
      console.log(`Saved the current database to ${safety} first`);
    }
    const { rows } = await restoreBackup(db.url, path.resolve(fileArgument), openOrm);
    console.log(`Restored ${describe(rows)} from ${path.resolve(fileArgument)}`);
    return 0;
  } finally {
    await db.stop();
  }
}

function describe(rows: Record<string, number>): string {
  const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
  const main = ['public.backtest_run', 'public.optimization_sweep', 'public.candle_chunk'].filter((t) => rows[t] !== undefined).map((t) => `${rows[t]} ${t.slice('public.'.length)}`);
  return `${total} rows in ${Object.keys(rows).length} tables (${main.join(', ')})`;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`Candlelab ${command ?? 'backup'} failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
