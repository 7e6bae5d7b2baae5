/**
 * Reading a recommendation's `validation` (RecommendationValidation in the schema). Records stored by
 * older versions may lack fields, so each is checked here and anything missing reads as absent rather
 * than breaking the page.
 */

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {});

/** One side's results on the validation (or in-sample) data. */
export interface SideResult {
  readonly roi: number | null;
  readonly winRate: number | null;
  readonly totalTrades: number | null;
  readonly score: number | null;
  readonly maxDrawdownPercentage: number | null;
  readonly sharpeRatio: number | null;
}

export interface MarketResult {
  readonly market: string;
  readonly sweepId: string | null;
  readonly inSample: SideResult | null;
  readonly outOfSample: SideResult | null;
}

export type ValidationMethod = 'HOLDOUT' | 'WALK_FORWARD' | 'ACROSS_SWEEPS' | 'IN_SAMPLE_ONLY';

export interface Validation {
  readonly method: ValidationMethod | null;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly current: SideResult | null;
  readonly recommended: SideResult | null;
  readonly test: { readonly pValue: number; readonly adjustedPValue: number; readonly alpha: number; readonly candidatesTested: number } | null;
  readonly perYear: ReadonlyArray<{ readonly year: number; readonly current: number | null; readonly recommended: number | null }>;
  readonly inSample: { readonly current: SideResult | null; readonly recommended: SideResult | null } | null;
  readonly onEdgeOf: readonly string[];
  readonly markets: readonly MarketResult[];
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function side(value: unknown): SideResult | null {
  if (!value || typeof value !== 'object') return null;
  const v = record(value);
  return { roi: num(v.roi), winRate: num(v.winRate), totalTrades: num(v.totalTrades), score: num(v.score), maxDrawdownPercentage: num(v.maxDrawdownPercentage), sharpeRatio: num(v.sharpeRatio) };
}

const METHODS: readonly ValidationMethod[] = ['HOLDOUT', 'WALK_FORWARD', 'ACROSS_SWEEPS', 'IN_SAMPLE_ONLY'];

export function readValidation(json: unknown): Validation | null {
  if (!json || typeof json !== 'object') return null;
  const v = record(json);
  const inSample = v.inSample && typeof v.inSample === 'object' ? { current: side(record(v.inSample).current), recommended: side(record(v.inSample).recommended) } : null;
  return {
    method: METHODS.find((m) => m === v.method) ?? null,
    fromMs: num(v.fromMs),
    toMs: num(v.toMs),
    current: side(v.current),
    recommended: side(v.recommended),
    test: testOf(v.test),
    perYear: Array.isArray(v.perYear) ? v.perYear.map((y) => ({ year: num(record(y).year) ?? 0, current: num(record(y).current), recommended: num(record(y).recommended) })) : [],
    inSample,
    onEdgeOf: Array.isArray(v.onEdgeOf) ? v.onEdgeOf.map(String) : [],
    markets: Array.isArray(v.markets)
      ? v.markets.map((m) => {
          const market = record(m);
          return { market: String(market.market ?? '—'), sweepId: typeof market.sweepId === 'string' ? market.sweepId : null, inSample: side(market.inSample), outOfSample: side(market.outOfSample) };
        })
      : [],
  };
}

function testOf(value: unknown): Validation['test'] {
  if (!value || typeof value !== 'object') return null;
  const t = record(value);
  const pValue = num(t.pValue);
  if (pValue === null) return null;
  return { pValue, adjustedPValue: num(t.adjustedPValue) ?? pValue, alpha: num(t.alpha) ?? 0.05, candidatesTested: num(t.candidatesTested) ?? 1 };
}

export const METHOD_LABELS: Record<ValidationMethod, string> = {
  HOLDOUT: 'hold-out: the tail of the range the search never saw',
  WALK_FORWARD: "walk-forward: the last window's out-of-sample data",
  ACROSS_SWEEPS: 'across sweeps: every market with its own validated parameters over the same dates',
  IN_SAMPLE_ONLY: 'in sample only: nothing was kept aside to validate on',
};

