import { AppError } from './errors.ts';

/**
 * The real work one operation may ask of the compute threads, summed over its fields and aliases:
 * the cost budget (cost.ts) is decided before anything runs, from the document alone, but a Monte
 * Carlo's work is iterations × the run's trades, known only once the run is read. One unit is one
 * Monte Carlo step (~15 ns here); 50 million units are about a second of one thread.
 */
export const OPERATION_WORK_UNITS = 50_000_000;
/** A stored sweep row read and aggregated by a heatmap or sensitivity (JSON decoded, grouped). */
export const ROW_WORK_UNITS = 100;

const spent = new WeakMap<object, number>();

/** Charges `units` to the operation `context` belongs to; refuses (QUERY_TOO_COMPLEX) what would exceed its budget. */
export function chargeWork(context: object, units: number, what: string): void {
  const total = (spent.get(context) ?? 0) + units;
  if (total > OPERATION_WORK_UNITS) {
    throw new AppError('QUERY_TOO_COMPLEX', `${what} needs ${Math.round(units)} units of work and this operation may use ${OPERATION_WORK_UNITS} in all (a Monte Carlo costs iterations × trades); ask for less, or split it over requests`, {
      limit: 'work',
      max: OPERATION_WORK_UNITS,
    });
  }
  spent.set(context, total);
}
