import { evaluateParamSets, type EvaluationTask } from './evaluate-params.ts';

/** A piscina worker thread: evaluates one batch of parameter sets (evaluation-pool.ts). */
export default function evaluate(task: EvaluationTask) {
  return evaluateParamSets(task);
}
