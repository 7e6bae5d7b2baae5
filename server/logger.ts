/** A tiny levelled logger: the app logs little, and pulling in a logging framework buys nothing yet. */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, error?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const rank: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function createLogger(level: LogLevel, prefix = 'candlelab'): Logger {
  const enabled = (wanted: LogLevel) => rank[wanted] <= rank[level];
  const stamp = () => new Date().toISOString();
  return {
    error: (message, error) => {
      if (!enabled('error')) return;
      console.error(`${stamp()} [${prefix}] ERROR ${message}`, error instanceof Error ? `\n${error.stack}` : (error ?? ''));
    },
    warn: (message) => enabled('warn') && console.warn(`${stamp()} [${prefix}] WARN ${message}`),
    info: (message) => enabled('info') && console.log(`${stamp()} [${prefix}] ${message}`),
    debug: (message) => enabled('debug') && console.log(`${stamp()} [${prefix}] DEBUG ${message}`),
  };
}
