import { advanceTo, simulateBar } from './bar-steps.ts';
import type { Simulation } from './simulation.ts';

/**
 * The general loop: any number of symbols on the union timeline and any number of legs, every bar through
 * the steps of bar-steps.ts. One leg on one symbol, the commonest run, goes through single-leg.ts instead.
 */
export function runBars(sim: Simulation, end: number): void {
  let bar = sim.t;
  for (; bar < end; bar++) if (!simulateBar(sim, bar)) return;
  advanceTo(sim, bar);
}
