import { MONTE_CARLO_METHODS, type MonteCarloResult, type Percentiles } from '../engine/index.ts';
import { AppError, notFound } from '../graphql/errors.ts';
import { builder } from '../graphql/builder.ts';
import { chargeWork, OPERATION_WORK_UNITS } from '../graphql/work-budget.ts';
import type { RequestContext } from '../services.ts';
import { computation } from '../threads/compute.ts';
import type { IBacktestRun } from './backtest-run.entity.ts';
import { getBacktest } from './backtest.service.ts';
import type { monteCarloOfJson } from './monte-carlo.compute.ts';

/** What Monte Carlo may cost: iterations per field, and iterations × trades per operation (its aliases together). */
export const MONTE_CARLO_LIMITS = { maxIterations: 100_000, maxSteps: OPERATION_WORK_UNITS } as const;

const monteCarloOnThread = computation<typeof monteCarloOfJson>(new URL('./monte-carlo.compute.ts', import.meta.url), 'monteCarloOfJson');

const MethodEnum = builder.enumType('MonteCarloMethod', {
  values: {
    BOOTSTRAP: { description: 'Each path draws the run’s trade returns with replacement: the trades could have come out otherwise' },
    SHUFFLE: { description: 'Each path reorders the run’s trades: same final return, other paths to it (drawdowns, streaks)' },
  } satisfies Record<(typeof MONTE_CARLO_METHODS)[number], { description: string }>,
});

export const PercentilesRef = builder.objectRef<Percentiles>('Percentiles').implement({
  fields: (t) => ({ p5: t.exposeFloat('p5'), p25: t.exposeFloat('p25'), p50: t.exposeFloat('p50'), p75: t.exposeFloat('p75'), p95: t.exposeFloat('p95') }),
});

const MonteCarloRef = builder.objectRef<MonteCarloResult & { backtestId: string }>('MonteCarloResult').implement({
  description: 'Monte Carlo over a run’s per-trade returns (% of equity before entry); formulas in the README (Monte Carlo)',
  fields: (t) => ({
    backtestId: t.exposeID('backtestId'),
    method: t.field({ type: MethodEnum, resolve: (r) => r.method }),
    iterations: t.exposeInt('iterations'),
    trades: t.exposeInt('trades'),
    seed: t.exposeInt('seed'),
    finalReturnPct: t.field({ type: PercentilesRef, resolve: (r) => r.finalReturnPct }),
    maxDrawdownPct: t.field({ type: PercentilesRef, resolve: (r) => r.maxDrawdownPct }),
    longestLosingStreak: t.field({ type: PercentilesRef, resolve: (r) => r.longestLosingStreak }),
    longestLosingStreakMax: t.int({ resolve: (r) => r.longestLosingStreak.max }),
    probabilityOfLoss: t.exposeFloat('probabilityOfLoss', { description: 'Share of paths ending below where they started' }),
    drawdownLevelPct: t.exposeFloat('drawdownLevelPct'),
    probabilityOfDrawdownBeyond: t.exposeFloat('probabilityOfDrawdownBeyond', { description: 'Share of paths whose max drawdown exceeds drawdownLevelPct' }),
  }),
});

const MonteCarloLimitsRef = builder.objectRef<typeof MONTE_CARLO_LIMITS>('MonteCarloLimits').implement({
  description: 'What one monteCarlo request may cost; beyond it the request is refused with LIMIT_EXCEEDED',
  fields: (t) => ({
    maxIterations: t.exposeInt('maxIterations'),
    maxSteps: t.exposeInt('maxSteps', { description: 'iterations × the run’s trades, summed over an operation’s monteCarlo fields' }),
  }),
});

/** The run's per-trade returns as one row of JSON text: thousands of returns cost the event loop no per-row decoding. */
async function tradeReturnsJson(ctx: RequestContext, id: string): Promise<string> {
  const { rows } = await ctx.services.pool.query<{ missing: number; returns: string }>(
    `SELECT count(*) FILTER (WHERE equity_return_pct IS NULL)::int AS missing, coalesce(json_agg(equity_return_pct ORDER BY seq), '[]')::text AS returns
       FROM backtest_trade WHERE run_id = $1`,
    [id],
  );
  if (rows[0].missing > 0) {
    throw new AppError('CONFLICT', `Backtest ${id} was stored before per-trade equity returns were recorded; run it again for Monte Carlo`, { id });
  }
  return rows[0].returns;
}

/** Runs read by an operation's monteCarlo fields: aliases over one run read (and hydrate) it once. */
const runsRead = new WeakMap<RequestContext, Map<string, Promise<IBacktestRun | null>>>();

function readRunOnce(ctx: RequestContext, id: string): Promise<IBacktestRun | null> {
  let runs = runsRead.get(ctx);
  if (!runs) runsRead.set(ctx, (runs = new Map()));
  let run = runs.get(id);
  if (!run) runs.set(id, (run = getBacktest(ctx.em, id)));
  return run;
}

builder.queryFields((t) => ({
  monteCarloLimits: t.field({ type: MonteCarloLimitsRef, resolve: () => MONTE_CARLO_LIMITS }),
  monteCarlo: t.field({
    type: MonteCarloRef,
    description: 'Resamples a completed run’s trades: percentiles of final return, max drawdown and losing streaks, probabilities of a loss and of a deep drawdown. The same seed gives the same result.',
    args: {
      backtestId: t.arg.id({ required: true }),
      iterations: t.arg.int({ defaultValue: 10_000 }),
      seed: t.arg.int({ defaultValue: 1 }),
      method: t.arg({ type: MethodEnum, defaultValue: 'BOOTSTRAP' }),
      drawdownLevelPct: t.arg.float({ defaultValue: 20, description: 'probabilityOfDrawdownBeyond counts paths deeper than this' }),
    },
    resolve: async (_root, args, ctx) => {
      const id = String(args.backtestId);
      const run = await readRunOnce(ctx, id);
      if (!run) throw notFound('Backtest', id);
      if (run.status !== 'COMPLETED') throw new AppError('CONFLICT', `Backtest ${id} is ${run.status}; Monte Carlo needs a completed run`, { status: run.status });
      const iterations = args.iterations ?? 10_000;
      if (iterations > MONTE_CARLO_LIMITS.maxIterations || iterations * (run.totalTrades ?? 0) > MONTE_CARLO_LIMITS.maxSteps) {
        throw new AppError('LIMIT_EXCEEDED', `iterations × trades may be at most ${MONTE_CARLO_LIMITS.maxSteps} (iterations at most ${MONTE_CARLO_LIMITS.maxIterations}); got ${iterations} × ${run.totalTrades}`, {
          field: 'iterations',
          limit: MONTE_CARLO_LIMITS.maxSteps,
        });
      }
      chargeWork(ctx, iterations * (run.totalTrades ?? 0), `monteCarlo of ${iterations} iterations over ${run.totalTrades} trades`);
      const options = { iterations, seed: args.seed ?? 1, method: args.method ?? 'BOOTSTRAP', drawdownLevelPct: args.drawdownLevelPct ?? 20 } as const;
      const result = await ctx.services.compute.run(monteCarloOnThread, async (): Promise<Parameters<typeof monteCarloOfJson>> => [await tradeReturnsJson(ctx, id), options], { principalId: ctx.principal.id, signal: ctx.signal });
      if ('errors' in result) throw new AppError('BAD_USER_INPUT', result.errors.join('; '));
      return { ...result, backtestId: id };
    },
  }),
}));
