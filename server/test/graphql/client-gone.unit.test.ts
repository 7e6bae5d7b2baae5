import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { maskError, sanitizeErrors } from '../../graphql/error-policy.ts';
import type { Logger } from '../../logger.ts';

/** A logger that records each record's level and message. */
function recordingLogger(records: Array<{ level: string; message: string }>): Logger {
  const at = (level: string) => (message: string) => void records.push({ level, message });
  const log: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: () => log };
  return log;
}

/** What Node gives an operation whose client closed the connection (the request's signal's reason). */
const clientAbort = () => Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
/** pg's error for a connection to PostgreSQL reset under it. */
const databaseReset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

const answered = (original: Error) => {
  const records: Array<{ level: string; message: string }> = [];
  const masked = maskError(new GraphQLError(original.message, { originalError: original }), 'Unexpected error');
  const [shown] = sanitizeErrors([masked], 'request-1', { log: recordingLogger(records), suggestions: false });
  return { code: shown.extensions.code, records };
};

describe('a client that closes its connection mid-request', () => {
  it('is not reported as a lost database, and logs no warning', () => {
    const { code, records } = answered(clientAbort());
    expect(code).toBe('BAD_REQUEST');
    expect(records.filter((r) => r.level === 'warn' || r.level === 'error')).toEqual([]);
    expect(records.some((r) => r.level === 'debug' && /closed the connection/.test(r.message))).toBe(true);
  });

  it('while a connection to PostgreSQL reset under the operation still is, with a warning', () => {
    const { code, records } = answered(databaseReset());
    expect(code).toBe('DATABASE_UNAVAILABLE');
    expect(records.some((r) => r.level === 'warn' && /database is unavailable/.test(r.message))).toBe(true);
  });
});
