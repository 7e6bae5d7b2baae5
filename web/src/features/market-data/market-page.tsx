import { A, useParams } from '@solidjs/router';
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { CandleChart } from '../../charts/candle-chart.tsx';
import { formatDateTime, formatInt, formatNumber } from '../../lib/format.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { createCoverage, createQuality } from './data.ts';
import { GapTimeline } from './gap-timeline.tsx';
import { MARKET_CANDLES } from './operations.ts';

/** One stored market: its candles, its gaps on a timeline and the full quality report. */
export default function MarketPage(): JSX.Element {
  const params = useParams<{ symbol: string; interval: string }>();
  const symbol = () => decodeURIComponent(params.symbol);
  const coverage = createCoverage(() => ({ symbol: symbol(), interval: params.interval }));
  const row = createMemo(() => coverage.rows()[0] ?? null);
  const full = createMemo(() => (row() ? { fromMs: Date.parse(row()!.first), toMs: Date.parse(row()!.last) + 1 } : null));
  const [range, setRange] = createSignal<{ fromMs: number; toMs: number } | null>(null);
  const view = () => range() ?? full();
  const quality = createQuality(() => (full() ? { symbol: symbol(), interval: params.interval, from: new Date(full()!.fromMs).toISOString(), to: new Date(full()!.toMs).toISOString() } : null));
  const candles = createGraphQLQuery(MARKET_CANDLES, () =>
    view() ? { symbol: symbol(), interval: params.interval, from: new Date(view()!.fromMs).toISOString(), to: new Date(view()!.toMs).toISOString(), maxPoints: 400 } : null,
  );
  const points = createMemo(() => (candles.data()?.candles.candles ?? []).map((c) => ({ x: Date.parse(c.openTime), o: c.open, h: c.high, l: c.low, c: c.close })));
  return (
    <section class="page" data-testid="market-page">
      <p><A href="/market-data">All market data</A></p>
      <QueryState error={coverage.error()} loading={coverage.loading()} what="the market" empty={!row()} emptyText={<p>No {symbol()} {params.interval} candles are stored.</p>}>
        <Show when={row()}>
          {(r) => (
            <>
              <header class="page__header">
                <h1>{r().symbol} {r().interval}</h1>
                <p class="muted">{formatDateTime(r().first)} → {formatDateTime(r().last)} · {formatInt(r().count)} candles · {formatInt(r().missingCandles)} missing{r().synthetic ? ' · synthetic' : ''}</p>
              </header>
              <section class="panel">
                <h2>Gaps</h2>
                <GapTimeline first={r().first} last={r().last} gaps={r().gaps} label={`${r().symbol} ${r().interval}`} />
              </section>
              <section class="panel">
                <h2>Candles</h2>
                <ErrorBox error={candles.error()} title="Could not load candles" />
                <Show when={view() && full()}>
                  <div class="toolbar"><button type="button" onClick={() => setRange(null)}>Whole range</button>
                    <span class="muted small">{candles.data() ? `${formatInt(candles.data()!.candles.totalCount)} candles${candles.data()!.candles.barsPerPoint > 1 ? `, ${candles.data()!.candles.barsPerPoint} per bar shown` : ''}` : ''}</span>
                  </div>
                  <CandleChart candles={points()} marks={[]} range={view()!} full={full()!} onRange={setRange} label={`${r().symbol} ${r().interval}`} />
                </Show>
              </section>
              <section class="panel" data-testid="quality-report">
                <h2>Quality report</h2>
                <QueryState error={quality.error()} loading={quality.loading()} what="the quality report">
                  <Show when={quality.report()}>
                    {(q) => (
                      <>
                        <p class={q().ok ? 'gain' : 'loss'} data-testid="quality-summary">
                          {q().ok ? 'No problems found.' : 'Problems found.'} {formatInt(q().actualCandles)} of {formatInt(q().expectedCandles)} expected candles; {formatInt(q().missingCandles)} missing in {q().gaps.length} gap(s),{' '}
                          {q().outliers.length} outlier(s), {q().ohlcIssues.length} OHLC inconsistencies, {q().zeroVolumeRuns.length} zero-volume run(s).
                        </p>
                        <div class="report-grid">
                          <Issues title="Gaps" items={q().gaps} render={(g) => <>{formatDateTime(g.from)} → {formatDateTime(g.to)}: {formatInt(g.missing)} missing</>} testId="quality-gaps" />
                          <Issues title="Outliers" items={q().outliers} render={(o) => <>{formatDateTime(o.openTime)}: {formatNumber(o.sigmas)} σ move</>} />
                          <Issues title="OHLC issues" items={q().ohlcIssues} render={(o) => <>{formatDateTime(o.openTime)}: {o.problem}</>} />
                          <Issues title="Zero-volume runs" items={q().zeroVolumeRuns} render={(z) => <>{formatDateTime(z.from)} → {formatDateTime(z.to)}: {formatInt(z.bars)} bars</>} />
                        </div>
                      </>
                    )}
                  </Show>
                </QueryState>
              </section>
            </>
          )}
        </Show>
      </QueryState>
    </section>
  );
}

function Issues<T>(props: { title: string; items: readonly T[]; render: (item: T) => JSX.Element; testId?: string }): JSX.Element {
  return (
    <section data-testid={props.testId}>
      <h3>{props.title} ({props.items.length})</h3>
      <Show when={props.items.length > 0} fallback={<p class="muted small">None.</p>}>
        <ul class="gap-list">
          <For each={props.items.slice(0, 200)}>{(item) => <li>{props.render(item)}</li>}</For>
        </ul>
        <Show when={props.items.length > 200}><p class="muted small">…and {props.items.length - 200} more.</p></Show>
      </Show>
    </section>
  );
}
