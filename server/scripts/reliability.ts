/**
 * npm run reliability — prints the reliability figures (server/reliability/figures.ts) measured on
 * this machine against a throwaway PostgreSQL; exits 1 when one of them does not hold.
 */
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { createLogger } from '../logger.ts';
import { FIGURES, figureContext } from '../reliability/figures.ts';

const postgres = await startThrowawayPostgres(createLogger('warn', 'reliability'));
let allHeld = true;
try {
  const admin = new URL(postgres.url);
  admin.pathname = '/postgres';
  const context = figureContext(admin.toString());
  const wanted = process.argv.slice(2).map((word) => word.toLowerCase());
  for (const figure of FIGURES.filter((f) => wanted.every((word) => f.name.toLowerCase().includes(word)))) {
    const started = performance.now();
    console.log(`\n== ${figure.name}`);
    try {
      const result = await figure.run(context);
      for (const line of result.lines) console.log(line);
      console.log(`${result.held ? 'held' : 'DID NOT HOLD'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      allHeld &&= result.held;
    } catch (error) {
      allHeld = false;
      console.log(`FAILED to measure: ${(error as Error).stack ?? String(error)}`);
    }
  }
} finally {
  await postgres.stop();
}
process.exit(allHeld ? 0 : 1);
