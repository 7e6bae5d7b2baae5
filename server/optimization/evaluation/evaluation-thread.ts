import { enumeratePboSplits } from '../../engine/index.ts';
import { evaluateParamSets, type EvaluationTask } from './evaluate-params.ts';
import type { PboSplitsTask } from './evaluation-pool.ts';

/**
 * A piscina worker thread: evaluates one batch of parameter sets, or enumerates one part of a sweep's
 * Probability of Backtest Overfitting splits (evaluation-pool.ts).
 */
export default function evaluate(task: EvaluationTask | PboSplitsTask) {
  return 'pboPart' in task ? enumeratePboSplits(task.statistics, {}, task.pboPart) : evaluateParamSets(task);
}
