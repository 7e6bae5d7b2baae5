import { builder } from '../graphql/builder.ts';
import { VALIDATION_METHODS, type RecommendationValidation, type SideResult } from './recommendation-draft.ts';

const ValidationMethodEnum = builder.enumType('ValidationMethod', {
  values: {
    HOLDOUT: { description: 'The tail of the range the search never saw' },
    WALK_FORWARD: { description: "The last walk-forward window's out-of-sample data" },
    ACROSS_SWEEPS: { description: "Each market's own search, judged on its out-of-sample data" },
    IN_SAMPLE_ONLY: { description: 'Nothing was kept aside to validate on' },
  } satisfies Record<(typeof VALIDATION_METHODS)[number], { description: string }>,
});

// Nullable throughout: these are read back from JSON that older versions wrote with fewer fields.
const SideResultRef = builder.objectRef<Partial<SideResult>>('ValidationSide').implement({
  description: "One side's results on a range: the current or the recommended values",
  fields: (t) => ({
    roi: t.float({ nullable: true, resolve: (s) => s.roi ?? null }),
    winRate: t.float({ nullable: true, resolve: (s) => s.winRate ?? null }),
    totalTrades: t.int({ nullable: true, resolve: (s) => s.totalTrades ?? null }),
    score: t.float({ nullable: true, description: "Under the sweep's objective", resolve: (s) => s.score ?? null }),
    maxDrawdownPercentage: t.float({ nullable: true, resolve: (s) => s.maxDrawdownPercentage ?? null }),
    sharpeRatio: t.float({ nullable: true, resolve: (s) => s.sharpeRatio ?? null }),
  }),
});

const SidesRef = builder.objectRef<NonNullable<RecommendationValidation['inSample']>>('ValidationSides').implement({
  fields: (t) => ({
    current: t.field({ type: SideResultRef, nullable: true, resolve: (s) => s.current ?? null }),
    recommended: t.field({ type: SideResultRef, nullable: true, resolve: (s) => s.recommended ?? null }),
  }),
});

const MarketRef = builder.objectRef<NonNullable<RecommendationValidation['markets']>[number]>('ValidationMarket').implement({
  description: 'A market compared by a SYMBOL or TIMEFRAME recommendation, with its own chosen parameters',
  fields: (t) => ({
    market: t.exposeString('market'),
    sweepId: t.id({ nullable: true, resolve: (m) => m.sweepId ?? null }),
    inSample: t.field({ type: SideResultRef, nullable: true, resolve: (m) => m.inSample ?? null }),
    outOfSample: t.field({ type: SideResultRef, nullable: true, resolve: (m) => m.outOfSample ?? null }),
  }),
});

export const RecommendationValidationRef = builder.objectRef<RecommendationValidation>('RecommendationValidation').implement({
  description: 'The out-of-sample comparison a recommendation rests on: where it was checked and both sides’ results there',
  fields: (t) => ({
    method: t.field({ type: ValidationMethodEnum, resolve: (v) => v.method }),
    fromMs: t.float({ nullable: true, description: 'Start of the validation range, epoch ms', resolve: (v) => v.fromMs ?? null }),
    toMs: t.float({ nullable: true, description: 'End of the validation range (exclusive), epoch ms', resolve: (v) => v.toMs ?? null }),
    current: t.field({ type: SideResultRef, nullable: true, resolve: (v) => v.current ?? null }),
    recommended: t.field({ type: SideResultRef, nullable: true, resolve: (v) => v.recommended ?? null }),
    probabilityOfOutperforming: t.float({ nullable: true, description: 'Bootstrap probability that the recommended trades compound to more than the current ones there', resolve: (v) => v.probabilityOfOutperforming ?? null }),
    inSample: t.field({ type: SidesRef, nullable: true, description: "The same comparison on the search's own data", resolve: (v) => v.inSample ?? null }),
    onEdgeOf: t.stringList({ description: 'Swept parameters whose recommended value sits at an end of its range', resolve: (v) => [...(v.onEdgeOf ?? [])] }),
    markets: t.field({ type: [MarketRef], description: 'SYMBOL and TIMEFRAME: every market compared', resolve: (v) => [...(v.markets ?? [])] }),
  }),
});
