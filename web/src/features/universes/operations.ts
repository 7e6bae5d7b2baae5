import { graphql } from '../../graphql.ts';

export const UniverseFields = graphql(`
  fragment UniverseFields on Universe {
    id name symbols rule { quoteAsset minQuoteVolume minListingDays maxPairs lookbackDays exchange }
  }
`);

/** The rule's defaults as the schema declares them, shown in the editor's empty fields. */
export const UNIVERSE_RULE_DEFAULTS = graphql(`
  query UniverseRuleDefaults {
    __type(name: "UniverseRuleInput") { inputFields { name defaultValue } }
  }
`);

export const UNIVERSES = graphql(
  `
  query Universes {
    universes { ...UniverseFields }
  }
`,
  [UniverseFields],
);

export const CREATE_UNIVERSE = graphql(
  `
  mutation CreateUniverse($input: CreateUniverseInput!) {
    createUniverse(input: $input) { ...UniverseFields }
  }
`,
  [UniverseFields],
);

export const UPDATE_UNIVERSE = graphql(
  `
  mutation UpdateUniverse($id: ID!, $input: CreateUniverseInput!) {
    updateUniverse(id: $id, input: $input) { ...UniverseFields }
  }
`,
  [UniverseFields],
);

/** The pairs a run on this timeframe starting then would trade (a rule evaluated on the stored candles before the start). */
export const UNIVERSE_PAIRS = graphql(`
  query UniversePairs($id: ID!, $timeframe: String!, $start: DateTime!) {
    universe(id: $id) { id pairsAt(timeframe: $timeframe, start: $start) }
  }
`);

/** Removes a universe; runs and sweeps made with it keep the pairs they stored. */
export const DELETE_UNIVERSE = graphql(`
  mutation DeleteUniverse($id: ID!) { deleteUniverse(id: $id) }
`);
