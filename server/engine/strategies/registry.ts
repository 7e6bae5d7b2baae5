import type { StrategySpec } from '../contract.ts';
import { bollingerBreakout } from './bollinger-breakout.ts';
import { confluence } from './confluence.ts';
import { emaCross } from './ema-cross.ts';
import { macdCross } from './macd-cross.ts';
import { rsiReversion } from './rsi-reversion.ts';
import { smaCross } from './sma-cross.ts';
import type { StrategyModule } from './types.ts';

/** The built-in strategies. Adding one: write strategies/<name>.ts exporting a StrategyModule, add it here. */
const STRATEGIES: readonly StrategyModule[] = [confluence, smaCross, emaCross, rsiReversion, bollingerBreakout, macdCross];

const byName = new Map(STRATEGIES.map((s) => [s.spec.name, s]));

export function listStrategies(): StrategySpec[] {
  return STRATEGIES.map((s) => s.spec);
}

/**
 * Strategies compiled from documents (user strategies, one per stored version), registered under their
 * versioned names by the layer that loads them (a version never changes, so an entry never goes stale).
 */
const compiled = new Map<string, StrategyModule>();

export function registerCompiledStrategy(module: StrategyModule): void {
  if (byName.has(module.spec.name)) throw new Error(`${module.spec.name} is a built-in strategy's name`);
  compiled.set(module.spec.name, module);
}

export function isStrategyRegistered(name: string): boolean {
  return byName.has(name) || compiled.has(name);
}

export function getStrategy(name: string): StrategySpec | undefined {
  return getStrategyModule(name)?.spec;
}

export function getStrategyModule(name: string): StrategyModule | undefined {
  return byName.get(name) ?? compiled.get(name);
}
