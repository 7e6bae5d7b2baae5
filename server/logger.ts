import { pino, type Logger as PinoLogger } from 'pino';

/**
 * Structured logs (pino): one JSON object per line with a level, a time, the process role and any
 * bindings (a request id, a job id), so a coded error a client reports can be found by its
 * `requestId`. `LOG_FORMAT=pretty` (the default on a terminal) prints the same records as one
 * readable line each.
 */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'json' | 'pretty';

export interface Logger {
  error(message: string, error?: unknown): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  /** The same logger with fields added to every record (e.g. `{ requestId }`). */
  child(fields: Record<string, unknown>): Logger;
}

export const defaultLogFormat = (): LogFormat => (process.stdout.isTTY ? 'pretty' : 'json');

export function createLogger(level: LogLevel, name = 'candlelab', format: LogFormat = defaultLogFormat()): Logger {
  const destination = format === 'pretty' ? prettyDestination() : pino.destination({ fd: 1, sync: true });
  return wrap(pino({ name, level, base: { pid: process.pid }, serializers: { err: pino.stdSerializers.err } }, destination));
}

function wrap(logger: PinoLogger): Logger {
  return {
    error: (message, error) => (error === undefined ? logger.error(message) : logger.error({ err: asError(error) }, message)),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    child: (fields) => wrap(logger.child(fields)),
  };
}

const asError = (value: unknown) => (value instanceof Error ? value : new Error(String(value)));

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIPPED = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'err']);

/** Renders pino's records as `time [name] LEVEL message key=value…`, errors with their stack on the next lines. */
function prettyDestination() {
  return {
    write(line: string) {
      const record = JSON.parse(line) as Record<string, unknown> & { level: number; time: number; name: string; msg?: string; err?: { stack?: string; message?: string } };
      const fields = Object.entries(record)
        .filter(([key]) => !SKIPPED.has(key))
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      const level = LEVEL_NAMES[record.level] ?? String(record.level);
      const text = [new Date(record.time).toISOString(), `[${record.name}]`, level === 'INFO' ? '' : level, record.msg ?? '', ...fields].filter(Boolean).join(' ');
      const stack = record.err ? `\n${record.err.stack ?? record.err.message}` : '';
      (record.level >= 40 ? process.stderr : process.stdout).write(`${text}${stack}\n`);
    },
  };
}
