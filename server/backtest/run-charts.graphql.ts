import { z } from 'zod';
import { builder, type SchemaTypes } from '../graphql/builder.ts';
import type { IBacktestRun } from './backtest-run.entity.ts';
import { equityCurve, MAX_CHART_POINTS, MIN_CHART_POINTS } from './equity-points.ts';
import { buyAndHoldCurve, runIndicators, type ChartPoint, type IndicatorSeries } from './run-charts.ts';

/** Loading a run's candles again (a year of 5m is ~2,100 points at 50 candles a point; longer runs are refused). */
export const RUN_CANDLES_COST = 2_100;

const maxPointsArg = z.number().int().min(MIN_CHART_POINTS).max(MAX_CHART_POINTS);

const ChartPointRef = builder.objectRef<ChartPoint>('ChartPoint').implement({
  fields: (t) => ({
    timestamp: t.field({ type: 'DateTime', resolve: (p) => new Date(p.timeMs) }),
    value: t.exposeFloat('value'),
  }),
});

const IndicatorSeriesRef = builder.objectRef<IndicatorSeries>('IndicatorSeries').implement({
  description: "One of a strategy's own lines (an EMA, a Bollinger band, RSI…) over the run's candles",
  fields: (t) => ({
    leg: t.exposeInt('leg', { description: 'Index of the strategy leg (0 = the first)' }),
    strategy: t.exposeString('strategy'),
    name: t.exposeString('name', { description: "The strategy's name for it (as in a trade's signalIndicators)" }),
    pane: t.exposeString('pane', { nullable: true, description: 'null: on the price scale, over the candles; otherwise the pane it shares with the lines of its scale (RSI, MACD)' }),
    points: t.field({ type: [ChartPointRef], resolve: (s) => [...s.points] }),
  }),
});

/** The chart fields of BacktestRun: what its charts draw besides its results, from the candles it traded. */
export function runChartFields(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, IBacktestRun>) {
  return {
    buyAndHold: t.field({
      type: [ChartPointRef],
      complexity: RUN_CANDLES_COST,
      description: "Equity of buying every symbol with an equal share of the capital at its first close and holding, at the times of equityCurve(maxPoints); a completed run's",
      args: { maxPoints: t.arg.int({ defaultValue: 500, validate: maxPointsArg }) },
      resolve: async (run, args, ctx) => {
        const times = (await equityCurve(ctx.em, run.id, args.maxPoints ?? 500)).map((p) => p.timeMs);
        return buyAndHoldCurve(ctx.services, run, times);
      },
    }),
    indicators: t.field({
      type: [IndicatorSeriesRef],
      complexity: RUN_CANDLES_COST,
      description: "The lines of the run's strategies on one symbol (computed as the run computed them), thinned as `candles` thins candles over the same window",
      args: {
        symbol: t.arg.string({ required: true }),
        from: t.arg({ type: 'DateTime', description: 'Default: the start of the run' }),
        to: t.arg({ type: 'DateTime', description: 'Default: the end of the run' }),
        maxPoints: t.arg.int({ defaultValue: 400, validate: maxPointsArg }),
      },
      resolve: (run, args, ctx) =>
        runIndicators(ctx.services, run, args.symbol, (args.from ?? run.startDate).getTime(), (args.to ?? run.endDate).getTime(), args.maxPoints ?? 400),
    }),
  };
}
