import type { StrategyParams } from '../contract.ts';
import { compareRanked } from './objectives.ts';

/** One evaluated parameter set as a search needs it: the objective's score and whether it had enough trades. */
export interface SearchResult {
  readonly params: StrategyParams;
  /** objectiveScore (objectives.ts); null = worst. */
  readonly score: number | null;
  /** totalTrades >= minTrades; defaults to true. */
  readonly eligible?: boolean;
}

/** A told result with its index in the space and its tie-break key (paramsKey). */
export interface IndexedResult extends SearchResult {
  readonly index: number;
  readonly key: string;
}

/** rankRows' total order over told results (eligible, score descending, key). */
export function compareResults(a: IndexedResult, b: IndexedResult): number {
  return compareRanked({ score: a.score, eligible: a.eligible ?? true, row: a }, { score: b.score, eligible: b.eligible ?? true, row: b });
}
