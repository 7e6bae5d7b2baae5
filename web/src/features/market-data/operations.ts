import { graphql } from '../../graphql.ts';

export const COVERAGE = graphql(`
  query Coverage($symbol: String, $interval: String) {
    marketData(symbol: $symbol, interval: $interval) {
      symbol interval first last count missingCandles synthetic
      gaps(limit: 500) { from to missing }
    }
  }
`);

export const QUALITY = graphql(`
  query Quality($symbol: String!, $interval: String!, $from: DateTime!, $to: DateTime!) {
    dataQuality(symbol: $symbol, interval: $interval, from: $from, to: $to) {
      symbol interval from to expectedCandles actualCandles missingCandles ok
      gaps { from to missing openTimes }
      outliers { openTime logReturn sigmas }
      ohlcIssues { openTime problem }
      zeroVolumeRuns { from to bars }
    }
  }
`);

export const MARKET_CANDLES = graphql(`
  query MarketCandles($symbol: String!, $interval: String!, $from: DateTime!, $to: DateTime!, $maxPoints: Int) {
    candles(symbol: $symbol, interval: $interval, from: $from, to: $to, maxPoints: $maxPoints) {
      totalCount barsPerPoint
      candles { openTime open high low close volume }
    }
  }
`);

export const FETCH_HISTORY = graphql(`
  mutation FetchHistory($input: FetchHistoryInput!) {
    fetchHistory(input: $input) { id status }
  }
`);

export const CANCEL_FETCH = graphql(`
  mutation CancelFetch($id: ID!) {
    cancelFetch(id: $id) { id status }
  }
`);

export const FETCH_PROGRESS = graphql(`
  subscription FetchProgress($id: ID!) {
    dataFetchProgress(id: $id) { fetchId symbol interval status candlesStored from to coveredTo percent etaSeconds message }
  }
`);

export const IMPORT_CANDLES = graphql(`
  mutation ImportCandles($input: ImportCandlesInput!) {
    importCandles(input: $input) {
      symbol interval rowsParsed rowsInserted first last
      gaps { from to missing openTimes }
    }
  }
`);

export const LOAD_SAMPLE = graphql(`
  mutation LoadSampleData {
    loadSampleData { seeded symbols intervals candlesInserted }
  }
`);
