import { graphqlClient } from '../harness/graphql-client.ts';
import { BAD_FILES, BAD_IMPORTS, type BadImportOutcome, importBadFiles, importSound, NAMES_FIRST_BAD_ROW, REFUSED_SYMBOL, sendBadImports } from './bad-imports.ts';
import type { ReliabilityFigure } from './figure.ts';

/** A refusal as specified: coded, with the reason expected, naming the first bad row. */
const refusedAsSpecified = (outcome: BadImportOutcome, code: string) => outcome.code === code && outcome.reason === outcome.case.reason && NAMES_FIRST_BAD_ROW.test(outcome.message);

/**
 * Files that lie (bad-imports.ts) through both real import paths, `importCandles` and `npm run import`:
 * each must be refused for its reason, naming the first bad row, and none may leave a candle behind
 * (nor may the sound file imported from disk beside them); a sound file must then import.
 */
export const refusedImportsFigure: ReliabilityFigure = {
  name: 'Refused imports',
  async run(context) {
    const databaseUrl = await context.createDatabase('imports');
    const app = await context.startApp(databaseUrl);
    try {
      const gql = graphqlClient(app.graphqlUrl!);
      const overApi = await sendBadImports(gql);
      const fromDisk = await importBadFiles(databaseUrl);
      const { rows } = await app.services.pool.query<{ n: number }>('SELECT coalesce(sum(count), 0)::int AS n FROM candle_chunk WHERE symbol = $1', [REFUSED_SYMBOL]);
      const sound = await importSound(gql);
      const reasons = [...new Set([...BAD_IMPORTS, ...BAD_FILES].map((bad) => bad.reason))];
      const tally = (outcomes: BadImportOutcome[], reason: string, code: string) => {
        const mine = outcomes.filter((o) => o.case.reason === reason);
        return mine.length ? `${mine.filter((o) => refusedAsSpecified(o, code)).length}/${mine.length}` : '-';
      };
      const wrong = [...overApi.filter((o) => !refusedAsSpecified(o, 'BAD_USER_INPUT')), ...fromDisk.filter((o) => !refusedAsSpecified(o, 'exit 1'))];
      const soundRows = sound.data?.importCandles?.rowsInserted;
      return {
        lines: [
          `${overApi.length} lying files through importCandles (as CSV, Binance CSV and Binance zip), ${fromDisk.length} through one npm run import of a directory (Binance zips, a .CHECKSUM where one lies, and a sound zip); refused as specified (coded, for the reason, naming the first bad row):`,
          `reason              importCandles   npm run import`,
          ...reasons.map((reason) => `${reason.padEnd(20)}${tally(overApi, reason, 'BAD_USER_INPUT').padStart(13)}${tally(fromDisk, reason, 'exit 1').padStart(17)}`),
          ...wrong.map((o) => `  NOT as specified: ${o.case.name}: ${o.code} ${o.reason || '(no reason)'}: ${o.message.slice(0, 160)}`),
          `candles stored from them (the sound zip among them included): ${rows[0].n}; a sound file afterwards: ${soundRows === undefined ? `NOT imported (${JSON.stringify(sound.errors)})` : `${soundRows} rows imported`}`,
        ],
        held: wrong.length === 0 && rows[0].n === 0 && soundRows === 24,
      };
    } finally {
      await app.stop();
    }
  },
};
