import { EXCHANGES } from '../../domain/symbols.ts';
import { builder } from '../graphql/builder.ts';
import { Universe, type IUniverse, type UniverseRule } from './universe.entity.ts';
import { REQUEST_LIMITS } from '../backtest/backtest-input.ts';
import { createUniverse, DEFAULT_LOOKBACK_DAYS, requireUniverse, universeSymbols, updateUniverse } from './universe.service.ts';

const UniverseRuleFields = {
  quoteAsset: 'Pairs quoted in this asset (the symbol ends with it), e.g. USDT',
  minQuoteVolume: "Least mean daily quote volume (close × volume) over the lookback before a run's start",
  minListingDays: "Least days between a pair's first stored candle and a run's start",
  maxPairs: `Keep at most this many pairs, highest quote volume first (default and at most ${REQUEST_LIMITS.maxSymbols})`,
  lookbackDays: `Days before the start the volume is averaged over (default ${DEFAULT_LOOKBACK_DAYS})`,
  exchange: "Only this exchange's stored pairs (plain symbols are Binance's); absent = every exchange",
} as const;

const ExchangeEnum = builder.enumType('Exchange', { values: EXCHANGES, description: 'An exchange candles come from (domain/symbols.ts)' });

const UniverseRuleRef = builder.objectRef<UniverseRule>('UniverseRule').implement({
  description: "A rule evaluated on the stored candles at each run's start (nothing after the start is read)",
  fields: (t) => ({
    quoteAsset: t.string({ nullable: true, description: UniverseRuleFields.quoteAsset, resolve: (r) => r.quoteAsset ?? null }),
    minQuoteVolume: t.float({ nullable: true, description: UniverseRuleFields.minQuoteVolume, resolve: (r) => r.minQuoteVolume ?? null }),
    minListingDays: t.float({ nullable: true, description: UniverseRuleFields.minListingDays, resolve: (r) => r.minListingDays ?? null }),
    maxPairs: t.int({ nullable: true, description: UniverseRuleFields.maxPairs, resolve: (r) => r.maxPairs ?? null }),
    lookbackDays: t.int({ nullable: true, description: UniverseRuleFields.lookbackDays, resolve: (r) => r.lookbackDays ?? null }),
    exchange: t.field({ type: ExchangeEnum, nullable: true, description: UniverseRuleFields.exchange, resolve: (r) => r.exchange ?? null }),
  }),
});

const UniverseRuleInput = builder.inputType('UniverseRuleInput', {
  fields: (t) => ({
    quoteAsset: t.string({ description: UniverseRuleFields.quoteAsset }),
    minQuoteVolume: t.float({ description: UniverseRuleFields.minQuoteVolume }),
    minListingDays: t.float({ description: UniverseRuleFields.minListingDays }),
    // Defaults in the schema, so a client (the dashboard's editor, GraphiQL) can show them; null is the default too.
    maxPairs: t.int({ description: UniverseRuleFields.maxPairs, defaultValue: REQUEST_LIMITS.maxSymbols }),
    lookbackDays: t.int({ description: UniverseRuleFields.lookbackDays, defaultValue: DEFAULT_LOOKBACK_DAYS }),
    exchange: t.field({ type: ExchangeEnum, description: UniverseRuleFields.exchange }),
  }),
});

const CreateUniverseInput = builder.inputType('CreateUniverseInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    symbols: t.stringList({ description: 'A fixed list of pairs (give this or rule)' }),
    rule: t.field({ type: UniverseRuleInput, description: "A rule over the stored data, evaluated at each run's start (give this or symbols)" }),
  }),
});

const UniverseRef = builder.objectRef<IUniverse>('Universe').implement({
  description: 'A named universe of pairs for runs and sweeps (`universe` in their inputs): a list, or a rule over the stored data',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    symbols: t.stringList({ nullable: true, description: 'The list; null for a rule universe', resolve: (u) => u.symbols ?? null }),
    rule: t.field({ type: UniverseRuleRef, nullable: true, resolve: (u) => u.rule ?? null }),
    pairsAt: t.stringList({
      description: 'The pairs a run on this timeframe starting at this time would trade',
      args: { timeframe: t.arg.string({ required: true }), start: t.arg({ type: 'DateTime', required: true }) },
      resolve: (u, args, ctx) => universeSymbols(ctx.services, u, args.timeframe, args.start.getTime()),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (u) => u.createdAt }),
  }),
});

builder.queryFields((t) => ({
  universes: t.field({ type: [UniverseRef], resolve: (_root, _args, ctx) => ctx.em.find(Universe, {}, { orderBy: { name: 'asc' }, limit: 500 }) }),
  universe: t.field({ type: UniverseRef, args: { id: t.arg.id({ required: true }) }, resolve: (_root, args, ctx) => requireUniverse(ctx.em, String(args.id)) }),
}));

builder.mutationFields((t) => ({
  createUniverse: t.field({
    type: UniverseRef,
    args: { input: t.arg({ type: CreateUniverseInput, required: true }) },
    resolve: (_root, { input }, ctx) => createUniverse(ctx.em, input),
  }),
  updateUniverse: t.field({
    type: UniverseRef,
    description: 'Replaces the name and the list or rule; runs and sweeps made with it keep the pairs they stored',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: CreateUniverseInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => updateUniverse(ctx.em, String(id), input),
  }),
  deleteUniverse: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const universe = await requireUniverse(ctx.em, String(args.id));
      await ctx.em.remove(universe).flush();
      return true;
    },
  }),
}));
