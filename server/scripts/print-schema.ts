/** Prints schema.graphql from the Pothos schema (sorted); with --check, fails when the file is stale. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchema } from 'graphql';
import { sortedSchema } from '../graphql/schema.ts';

const file = path.resolve(import.meta.dirname, '../../schema.graphql');
const printed = `${printSchema(sortedSchema())}\n`;

if (process.argv.includes('--check')) {
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current !== printed) {
    console.error('schema.graphql is stale: run `npm run schema:print` and commit the result.');
    process.exitCode = 1;
  } else {
    console.log('schema.graphql is up to date.');
  }
} else {
  await writeFile(file, printed);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}
