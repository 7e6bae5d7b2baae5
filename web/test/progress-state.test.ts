import { describe, expect, it } from 'vitest';
import { foldProgress } from '../src/graphql/data.ts';
import type { BacktestProgressEvent } from '../src/graphql/operations.ts';
import { graphqlWsUrl } from '../src/lib/client.ts';

const event = (over: Partial<BacktestProgressEvent>): BacktestProgressEvent => ({
  backtestId: '1', status: 'RUNNING', progress: 0, barsProcessed: 0, totalBars: 100, currentEquity: 1000, tradesSoFar: 0, message: null, ...over,
});

describe('progress stream folding', () => {
  it('accumulates events, ignores late ones, keeps a terminal state and restarts for a new run', () => {
    let state = foldProgress(undefined, event({ status: 'PENDING' }));
    state = foldProgress(state, event({ barsProcessed: 50, progress: 0.5 }));
    state = foldProgress(state, event({ barsProcessed: 20, progress: 0.2 }));
    expect(state).toMatchObject({ barsProcessed: 50, progress: 0.5, updates: 3 });
    state = foldProgress(state, event({ status: 'COMPLETED', barsProcessed: 100, progress: 1 }));
    expect(foldProgress(state, event({ barsProcessed: 60 }))).toBe(state);
    expect(foldProgress(state, event({ backtestId: '2' }))).toMatchObject({ backtestId: '2', updates: 1 });
  });

  it('derives the websocket URL from the page origin', () => {
    expect(graphqlWsUrl({ protocol: 'http:', host: 'localhost:4000' })).toBe('ws://localhost:4000/graphql');
    expect(graphqlWsUrl({ protocol: 'https:', host: 'lab.example' })).toBe('wss://lab.example/graphql');
  });
});
