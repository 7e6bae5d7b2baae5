import { advanceTo, simulateBar } from './bar-steps.ts';
import type { Simulation } from './simulation.ts';
import { runSingleLeg } from './single-leg.ts';

/**
 * The general loop: any number of symbols on the union timeline and any number of legs, every bar through
 * the steps of bar-steps.ts. One leg on one symbol, the commonest run, goes through single-leg.ts instead
 * unless it uses the execution model of intrabar.ts (detail, limit and stop entries, futures) or rebalances.
 */
export function runBars(sim: Simulation, end: number): void {
  let bar = sim.t;
  for (; bar < end; bar++) if (!simulateBar(sim, bar)) return;
  advanceTo(sim, bar);
}

/** Simulates bars up to `end` (exclusive) through the loop suited to the run: the single-leg one, or the general one. */
export function runUntil(sim: Simulation, end: number): void {
  if (sim.S === 1 && sim.K === 1 && !sim.extended && sim.rebalancing === null) runSingleLeg(sim, end);
  else runBars(sim, end);
}
