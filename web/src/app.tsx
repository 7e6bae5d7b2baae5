import { Provider, type Client } from '@urql/solid';
import type { JSX } from 'solid-js';
import { NewBacktest } from './routes/new-backtest.tsx';

export function App(props: { client: Client }): JSX.Element {
  return (
    <Provider value={props.client}>
      <header class="app-header">
        <span class="brand">Candlelab</span>
        <span class="tagline">crypto strategy backtesting</span>
      </header>
      <main class="app-main">
        <NewBacktest />
      </main>
    </Provider>
  );
}
