/**
 * API tokens stored in the database (only their SHA-256; the secret is printed once).
 *   npm run token -- create <name> [--role read|write]   (default write)
 *   npm run token -- list
 *   npm run token -- revoke <name|id>
 * Works while the app runs; a new or revoked token takes effect on the next request.
 */
import { parseArgs } from 'node:util';
import { createStoredToken, listStoredTokens, revokeStoredToken } from '../access/access.service.ts';
import { parseRole } from '../access/tokens.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { createLogger } from '../logger.ts';

const USAGE = 'usage: npm run token -- create <name> [--role read|write] | list | revoke <name|id>';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: 'string', default: 'write' } } });
  const [command, target] = positionals;
  const role = parseRole(values.role);
  if (!command || !['create', 'list', 'revoke'].includes(command) || (command !== 'list' && !target) || !role) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'token'));
  const orm = await openOrm(db.url);
  try {
    await migrate(orm, db.url);
    const em = orm.em.fork();
    if (command === 'create') {
      const { token, record } = await createStoredToken(em, target, role);
      console.log(`Created ${record.role === 'WRITE' ? 'read-write' : 'read-only'} token ${record.name} (id ${record.id}). It is shown only now:\n${token}`);
      return 0;
    }
    if (command === 'revoke') {
      const record = await revokeStoredToken(em, target);
      if (!record) {
        console.error(`No active token named or with id ${target}.`);
        return 1;
      }
      console.log(`Revoked token ${record.name} (id ${record.id}).`);
      return 0;
    }
    const tokens = await listStoredTokens(em);
    if (tokens.length === 0) console.log('No stored tokens. (Tokens in CANDLELAB_API_TOKENS are not listed here.)');
    for (const t of tokens) {
      console.log(`${t.name}\t${t.role === 'WRITE' ? 'read-write' : 'read-only'}\t${t.id}\tcreated ${t.createdAt.toISOString()}${t.revokedAt ? `\trevoked ${t.revokedAt.toISOString()}` : ''}`);
    }
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    await orm.close();
    await db.stop();
  }
}

process.exitCode = await main();
