import { A, Navigate, Route, Router, type RouteSectionProps } from '@solidjs/router';
import { Provider, type Client } from '@urql/solid';
import { ErrorBoundary, lazy, Show, Suspense, type JSX } from 'solid-js';
import { connectionLostAt } from './lib/client.ts';
import { formatDateTime } from './lib/format.ts';
import { RunsPage } from './features/backtests/runs-page.tsx';
import { ErrorBox } from './ui/error-box.tsx';
import { Loading } from './ui/states.tsx';
import { TokenDialog } from './ui/token-dialog.tsx';

// Everything but the runs list loads on demand: the chart pages carry chart.js and its plugins.
const NewRunPage = lazy(() => import('./features/backtests/new-run-page.tsx'));
const RunDetailPage = lazy(() => import('./features/backtests/run-detail-page.tsx'));
const ComparePage = lazy(() => import('./features/backtests/compare-page.tsx'));
const SweepsPage = lazy(() => import('./features/sweeps/sweeps-page.tsx'));
const NewSweepPage = lazy(() => import('./features/sweeps/new-sweep-page.tsx'));
const SweepDetailPage = lazy(() => import('./features/sweeps/sweep-detail-page.tsx'));
const RecommendationsPage = lazy(() => import('./features/recommendations/recommendations-page.tsx'));
const RecommendationPage = lazy(() => import('./features/recommendations/recommendation-page.tsx'));
const MarketDataPage = lazy(() => import('./features/market-data/market-data-page.tsx'));
const MarketPage = lazy(() => import('./features/market-data/market-page.tsx'));
const StrategyBuilderPage = lazy(() => import('./features/strategies/builder-page.tsx'));
const UniversesPage = lazy(() => import('./features/universes/universes-page.tsx'));

const NAV: Array<{ href: string; label: string; end?: boolean }> = [
  { href: '/runs', label: 'Runs', end: true },
  { href: '/runs/new', label: 'New run' },
  { href: '/sweeps', label: 'Sweeps' },
  { href: '/strategies', label: 'Strategies' },
  { href: '/universes', label: 'Universes' },
  { href: '/recommendations', label: 'Recommendations' },
  { href: '/market-data', label: 'Market data' },
];

function Layout(props: RouteSectionProps): JSX.Element {
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="app-header">
        <A href="/runs" class="brand">Candlelab</A>
        <nav class="app-nav" aria-label="Main">
          {NAV.map((item) => (
            <A href={item.href} end={item.end} activeClass="active">{item.label}</A>
          ))}
          <a href="/graphql" rel="external">GraphiQL</a>
        </nav>
      </header>
      <Show when={connectionLostAt()}>
        {(at) => (
          <p class="connection-lost" role="alert" data-testid="connection-lost">
            Connection to the server lost at {formatDateTime(at())}: reconnecting. What the page shows is as it was then.
          </p>
        )}
      </Show>
      <main id="main" class="app-main" tabindex="-1">
        <ErrorBoundary fallback={(error) => <ErrorBox error={{ code: 'CLIENT_ERROR', message: String(error?.message ?? error) }} title="This page failed" />}>
          <Suspense fallback={<Loading what="page" />}>{props.children}</Suspense>
        </ErrorBoundary>
      </main>
      <TokenDialog />
    </>
  );
}

export function App(props: { client: Client }): JSX.Element {
  return (
    <Provider value={props.client}>
      <Router root={Layout}>
        <Route path="/" component={() => <Navigate href="/runs" />} />
        <Route path="/runs" component={RunsPage} />
        <Route path="/runs/new" component={NewRunPage} />
        <Route path="/runs/:id" component={RunDetailPage} />
        <Route path="/compare" component={ComparePage} />
        <Route path="/sweeps" component={SweepsPage} />
        <Route path="/sweeps/new" component={NewSweepPage} />
        <Route path="/sweeps/:id" component={SweepDetailPage} />
        <Route path="/recommendations" component={RecommendationsPage} />
        <Route path="/recommendations/:id" component={RecommendationPage} />
        <Route path="/strategies" component={StrategyBuilderPage} />
        <Route path="/strategies/new" component={StrategyBuilderPage} />
        <Route path="/strategies/:id" component={StrategyBuilderPage} />
        <Route path="/universes" component={UniversesPage} />
        <Route path="/market-data" component={MarketDataPage} />
        <Route path="/market-data/:symbol/:interval" component={MarketPage} />
        <Route path="*" component={() => <ErrorBox error={{ code: 'NOT_FOUND', message: 'No page at this address.' }} title="Not found" />} />
      </Router>
    </Provider>
  );
}
