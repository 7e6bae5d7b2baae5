import { graphql } from '../../graphql.ts';

/** What a document may name (the server's catalogue): the builder offers exactly these. */
export const STRATEGY_LANGUAGE = graphql(`
  query StrategyLanguage {
    strategyLanguage {
      candleFields compareOps arithmeticOps seriesKinds conditionKinds sizingKinds
      indicators { name description source { default } params { name label unit type default { number } min max step } outputs { name description } }
    }
  }
`);

/** Every strategy with its document: the built-ins and user strategies to start from. */
export const STRATEGY_DOCUMENTS = graphql(`
  query StrategyDocuments {
    strategies { name description documentJson }
    userStrategies { id name strategyName latestVersion updatedAt }
  }
`);

export const BUILDER_MARKETS = graphql(`
  query BuilderMarkets { marketData { symbol interval first last } }
`);

export const BUILDER_CANDLES = graphql(`
  query BuilderCandles($symbol: String!, $interval: String!, $from: DateTime!, $to: DateTime!, $maxPoints: Int) {
    candles(symbol: $symbol, interval: $interval, from: $from, to: $to, maxPoints: $maxPoints) { candles { openTime open high low close } }
  }
`);

export const STRATEGY_PREVIEW = graphql(`
  query StrategyPreview($documentJson: String!, $params: [StrategyParamValueInput!], $symbol: String!, $timeframe: String!, $from: DateTime!, $to: DateTime!) {
    strategyPreview(documentJson: $documentJson, params: $params, symbol: $symbol, timeframe: $timeframe, from: $from, to: $to) {
      historyBars computeMs markers { time kind price } trades { exitTime exitPrice exitReason }
    }
  }
`);

const SavedStrategy = graphql(`
  fragment SavedStrategy on UserStrategy {
    id name strategyName latestVersion deleted latest { version documentJson checks { historyBars lookAhead { passed } } }
  }
`);

export const USER_STRATEGY = graphql(
  `
  query UserStrategy($id: String!) { userStrategy(id: $id) { ...SavedStrategy } }
`,
  [SavedStrategy],
);

export const CREATE_USER_STRATEGY = graphql(
  `
  mutation CreateUserStrategy($documentJson: String!) { createUserStrategy(documentJson: $documentJson) { ...SavedStrategy } }
`,
  [SavedStrategy],
);

export const UPDATE_USER_STRATEGY = graphql(
  `
  mutation UpdateUserStrategy($id: String!, $documentJson: String!) { updateUserStrategy(id: $id, documentJson: $documentJson) { ...SavedStrategy } }
`,
  [SavedStrategy],
);

/** Hides the strategy from the lists; its versions stay, so its runs and sweeps still show what they used. */
export const DELETE_USER_STRATEGY = graphql(`
  mutation DeleteUserStrategy($id: String!) { deleteUserStrategy(id: $id) }
`);
