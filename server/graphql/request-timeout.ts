import type { Plugin } from 'graphql-yoga';
import { AppError } from './errors.ts';

/**
 * Answers a query or mutation that runs longer than CANDLELAB_REQUEST_TIMEOUT_SECONDS with
 * REQUEST_TIMEOUT instead of holding the client. The work itself is not interrupted (graphql-js
 * cannot abort resolvers); the cost limits are what keep any one operation short.
 * Subscriptions are long-lived by design and not timed.
 */
export function useRequestTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ setExecuteFn, executeFn }) {
      setExecuteFn(async (args) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<{ errors: AppError[] }>((resolve) => {
          timer = setTimeout(() => {
            const seconds = Math.round(timeoutMs / 100) / 10;
            resolve({ errors: [new AppError('REQUEST_TIMEOUT', `The operation took longer than ${seconds} s (CANDLELAB_REQUEST_TIMEOUT_SECONDS)`, { limit: 'CANDLELAB_REQUEST_TIMEOUT_SECONDS', max: seconds, http: { status: 504 } })] });
          }, timeoutMs);
        });
        try {
          return await Promise.race([executeFn(args), timeout]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
