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

export function getStrategy(name: string): StrategySpec | undefined {
  return byName.get(name)?.spec;
}

export function getStrategyModule(name: string): StrategyModule | undefined {
  return byName.get(name);
}
