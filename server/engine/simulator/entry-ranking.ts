import type { EntryRanking } from '../settings.ts';

/** The entryRanking setting as the number the bar loop compares against (the rule itself: slot-ranking.ts). */
export const SIGNAL_STRENGTH = 0, VOLUME = 1, VOLATILITY = 2, STRATEGY_SERIES = 3;

export function entryRankingCode(ranking: EntryRanking): number {
  return ranking === 'SIGNAL_STRENGTH' ? SIGNAL_STRENGTH : ranking === 'VOLUME' ? VOLUME : ranking === 'VOLATILITY' ? VOLATILITY : STRATEGY_SERIES;
}
