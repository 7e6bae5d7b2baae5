import { monteCarlo, type MonteCarloOptions } from '../engine/index.ts';

/** On a compute thread (threads/compute.ts): the run's trade returns arrive as the JSON text PostgreSQL aggregated them into, decoded here rather than on the event loop. */
export function monteCarloOfJson(returnsJson: string, options: MonteCarloOptions) {
  return monteCarlo(JSON.parse(returnsJson) as number[], options);
}
