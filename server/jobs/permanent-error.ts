/**
 * A job failure that retrying cannot fix (bad or missing data, an unknown symbol): the job marks its
 * record FAILED with this code at once instead of burning retries.
 */
export class PermanentJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}
