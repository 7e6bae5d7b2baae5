import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { CandleChart, type PriceMark, type PriceOverlay } from '../../charts/candle-chart.tsx';
import { PaneChart } from '../../charts/pane-chart.tsx';
import { formatRange } from '../../lib/dates.ts';
import { formatInt } from '../../lib/format.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import type { RunExecutionMarks, TradeMark } from './data.ts';
import { RUN_CANDLES, RUN_INDICATORS } from './operations.ts';

/** Candles per chart: the server merges stored candles down to this many, finer as the window narrows. */
const CANDLES_PER_VIEW = 400;

/**
 * One candlestick chart per symbol, with the run's entries and exits and its strategies' own lines (over
 * the candles, or in panes beneath for oscillators); zooming in loads finer candles and lines.
 */
export function PricePanel(props: {
  runId: string;
  symbols: readonly string[];
  interval: string;
  fromMs: number;
  toMs: number;
  trades: readonly TradeMark[] | null;
  legs: number;
  execution?: RunExecutionMarks | null;
}): JSX.Element {
  const [symbol, setSymbol] = createSignal(props.symbols[0] ?? '');
  const full = () => ({ fromMs: props.fromMs, toMs: props.toMs });
  const [range, setRange] = createSignal(full());
  const query = createGraphQLQuery(RUN_CANDLES, () => ({
    symbol: symbol(),
    interval: props.interval,
    from: new Date(range().fromMs).toISOString(),
    to: new Date(range().toMs).toISOString(),
    maxPoints: CANDLES_PER_VIEW,
  }));
  const indicators = createGraphQLQuery(RUN_INDICATORS, () => ({
    id: props.runId,
    symbol: symbol(),
    from: new Date(range().fromMs).toISOString(),
    to: new Date(range().toMs).toISOString(),
    maxPoints: CANDLES_PER_VIEW,
  }));
  const lines = createMemo(() =>
    (indicators.data()?.backtest?.indicators ?? []).map((line) => ({
      pane: line.pane,
      label: props.legs > 1 ? `leg ${line.leg + 1} ${line.strategy} ${line.name}` : line.name,
      points: line.points.map((p) => ({ x: Date.parse(p.timestamp), y: p.value })),
    })),
  );
  const overlays = createMemo<PriceOverlay[]>(() => lines().filter((line) => line.pane === null));
  const panes = createMemo(() => [...new Set(lines().flatMap((line) => (line.pane === null ? [] : [line.pane])))].map((pane) => ({ pane, lines: lines().filter((line) => line.pane === pane) })));
  const candles = createMemo(() =>
    (query.data()?.candles.candles ?? []).map((c) => ({ x: Date.parse(c.openTime), o: c.open, h: c.high, l: c.low, c: c.close })),
  );
  const marks = createMemo<PriceMark[]>(() => [
    ...(props.trades ?? [])
      .filter((t) => t.symbol === symbol())
      .flatMap((t) => [
        { timeMs: Date.parse(t.entryTime), price: t.entryPrice, kind: 'entry' as const },
        {
          timeMs: Date.parse(t.exitTime),
          price: t.exitPrice,
          kind: t.exitReason === 'LIQUIDATION' ? ('liquidation' as const) : t.profitLoss > 0 ? ('win' as const) : ('loss' as const),
        },
      ]),
    ...(props.execution?.cancelledOrders ?? []).filter((o) => o.symbol === symbol()).map((o) => ({ timeMs: o.cancelledTimeMs, price: o.price, kind: 'cancelled' as const })),
    ...(props.execution?.fundingEvents ?? []).filter((f) => f.symbol === symbol()).map((f) => ({ timeMs: f.timeMs, price: f.markPrice, kind: 'funding' as const })),
  ]);
  const count = (kind: PriceMark['kind']) => marks().filter((m) => m.kind === kind).length;
  const zoom = (factor: number) => {
    const { fromMs, toMs } = range();
    const mid = (fromMs + toMs) / 2;
    const half = Math.max(1_800_000, ((toMs - fromMs) * factor) / 2);
    setRange({ fromMs: Math.max(props.fromMs, Math.round(mid - half)), toMs: Math.min(props.toMs, Math.round(mid + half)) });
  };
  return (
    <div
      class="price-panel"
      data-testid="price-panel"
      data-overlays={overlays().length}
      data-panes={panes().length}
      data-liquidation-markers={count('liquidation')}
      data-funding-markers={count('funding')}
      data-cancelled-markers={count('cancelled')}
    >
      <div class="toolbar">
        <Show when={props.symbols.length > 1}>
          <label>
            <span class="visually-hidden">Symbol</span>
            <select value={symbol()} onChange={(e) => setSymbol(e.currentTarget.value)}>
              <For each={props.symbols}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </label>
        </Show>
        <button type="button" onClick={() => zoom(0.5)}>Zoom in</button>
        <button type="button" onClick={() => zoom(2)}>Zoom out</button>
        <button type="button" onClick={() => setRange(full())} data-testid="reset-zoom">Whole run</button>
        <span class="muted small" data-testid="candle-detail">
          {formatRange(range().fromMs, range().toMs)}
          <Show when={query.data()}>
            {(data) => (
              <>
                {' '}· {formatInt(data().candles.totalCount)} candles{data().candles.barsPerPoint > 1 ? `, ${data().candles.barsPerPoint} per bar shown` : ', all shown'}
                <Show when={data().candles.baseInterval && data().candles.baseInterval !== data().candles.interval}>
                  <span data-testid="base-interval">{`, ${data().candles.interval} built from stored ${data().candles.baseInterval}`}</span>
                </Show>
              </>
            )}
          </Show>
        </span>
      </div>
      <ErrorBox error={query.error()} title="Could not load candles" />
      <Show when={!query.loading()} fallback={<p class="muted">Loading candles…</p>}>
        <Show when={candles().length > 0} fallback={<p class="muted" data-testid="no-candles">No candles in this range.</p>}>
          <CandleChart candles={candles()} marks={marks()} overlays={overlays()} range={range()} full={full()} onRange={setRange} label={`${symbol()} ${props.interval}`} />
          <For each={panes()}>{(p) => <PaneChart title={p.pane} lines={p.lines} range={range()} testId={`pane-${p.pane}`} />}</For>
        </Show>
      </Show>
      <ErrorBox error={indicators.error()} title="Could not load the strategy's lines" />
      <p class="muted small">Scroll or drag across the chart to zoom (Shift-drag pans); finer candles load for the window.</p>
    </div>
  );
}
