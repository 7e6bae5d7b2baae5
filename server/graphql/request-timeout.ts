import type { Plugin } from 'graphql-yoga';
import { AppError } from './errors.ts';

/** Each request context's work controller, found by the signal the context carries. */
const controllers = new WeakMap<AbortSignal, AbortController>();

/** A fresh signal for one operation's work (RequestContext.signal); useRequestTimeout aborts it. */
export function requestWorkSignal(): AbortSignal {
  const controller = new AbortController();
  controllers.set(controller.signal, controller);
  return controller.signal;
}

/**
 * Answers a query or mutation that runs longer than CANDLELAB_REQUEST_TIMEOUT_SECONDS with
 * REQUEST_TIMEOUT, and cancels its work: the operation's signal (RequestContext.signal) aborts, which
 * ends a computation on the thread pool (threads/compute.ts) whether queued or running. graphql-js
 * cannot abort a resolver itself; the cost limits keep what runs on the event loop short.
 * Subscriptions are long-lived by design and not timed.
 */
export function useRequestTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ setExecuteFn, executeFn }) {
      setExecuteFn(async (args) => {
        const signal = (args.contextValue as { signal?: AbortSignal }).signal;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<{ errors: AppError[] }>((resolve) => {
          timer = setTimeout(() => {
            const seconds = Math.round(timeoutMs / 100) / 10;
            const error = new AppError('REQUEST_TIMEOUT', `The operation took longer than ${seconds} s (CANDLELAB_REQUEST_TIMEOUT_SECONDS)`, { limit: 'CANDLELAB_REQUEST_TIMEOUT_SECONDS', max: seconds, http: { status: 504 } });
            if (signal) controllers.get(signal)?.abort(error);
            resolve({ errors: [error] });
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
