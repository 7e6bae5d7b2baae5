import { formatInt } from '../../lib/format.ts';

/**
 * A sweep's evaluations as counted: "31 / 31" once completed; before, "12 of up to 33" (the plan is an
 * upper bound: a set chosen twice for a test is tested once); stopped early, what was done.
 */
export function evaluationCount(completed: number, total: number, status: string): string {
  if (status === 'COMPLETED') return `${formatInt(completed)} / ${formatInt(total)}`;
  if (status === 'CANCELLED' || status === 'FAILED') return `${formatInt(completed)} done (of up to ${formatInt(total)} planned)`;
  return `${formatInt(completed)} of up to ${formatInt(total)}`;
}
