import type { JobLifecycle } from './runner.ts';

/**
 * The lifecycle of a job with no record of its own (its outcome is what it creates): attempts are
 * pg-boss's, a final failure is logged, nothing else needs recording.
 */
export function statelessLifecycle<TData>(describe: (data: TData) => string): JobLifecycle<TData> {
  return {
    claim: async (_services, _em, job) => job.retryCount + 1,
    isCancelled: async () => null,
    fail: async (services, data, failure) => {
      services.log.error(`${describe(data)} failed for good (${failure.code}): ${failure.message}`);
      return { status: 'FAILED', code: failure.code, message: failure.message };
    },
    retrying: async () => {},
    interrupted: async () => {},
  };
}
