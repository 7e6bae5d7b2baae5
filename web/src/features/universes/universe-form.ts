import type { ResultOf, VariablesOf } from '../../graphql.ts';
import type { UniverseFields, CREATE_UNIVERSE } from './operations.ts';

export type UniverseRecord = ResultOf<typeof UniverseFields>;
export type UniverseInput = VariablesOf<typeof CREATE_UNIVERSE>['input'];
type RuleInput = NonNullable<UniverseInput['rule']>;

/** The editor's state: every field as typed (text), so a half-typed number is never lost. */
export interface UniverseDraft {
  name: string;
  kind: 'LIST' | 'RULE';
  symbols: string;
  quoteAsset: string;
  minQuoteVolume: string;
  minListingDays: string;
  maxPairs: string;
  lookbackDays: string;
  exchange: string;
}

export const EMPTY_DRAFT: UniverseDraft = { name: '', kind: 'LIST', symbols: '', quoteAsset: 'USDT', minQuoteVolume: '', minListingDays: '', maxPairs: '', lookbackDays: '', exchange: '' };

const text = (n: number | null | undefined) => (n == null ? '' : String(n));

export function draftOf(universe: UniverseRecord): UniverseDraft {
  const rule = universe.rule;
  return {
    name: universe.name,
    kind: rule ? 'RULE' : 'LIST',
    symbols: (universe.symbols ?? []).join(', '),
    quoteAsset: rule?.quoteAsset ?? '',
    minQuoteVolume: text(rule?.minQuoteVolume),
    minListingDays: text(rule?.minListingDays),
    maxPairs: text(rule?.maxPairs),
    lookbackDays: text(rule?.lookbackDays),
    exchange: rule?.exchange ?? '',
  };
}

/** Blank → absent (the server's default); anything else as typed: the server names what is wrong. */
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

export function inputOf(draft: UniverseDraft): UniverseInput {
  if (draft.kind === 'LIST') return { name: draft.name, symbols: draft.symbols.split(/[\s,]+/).filter(Boolean) };
  const rule: RuleInput = {
    quoteAsset: draft.quoteAsset.trim() || null,
    minQuoteVolume: numberOrNull(draft.minQuoteVolume),
    minListingDays: numberOrNull(draft.minListingDays),
    maxPairs: numberOrNull(draft.maxPairs),
    lookbackDays: numberOrNull(draft.lookbackDays),
    exchange: (draft.exchange || null) as RuleInput['exchange'],
  };
  return { name: draft.name, rule };
}
