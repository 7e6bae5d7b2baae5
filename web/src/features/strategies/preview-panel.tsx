import { createEffect, createMemo, createSignal, For, Show, type Accessor, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { CandleChart, type PriceMark } from '../../charts/candle-chart.tsx';
import { dayOf, lastDayToApi, startDayToApi } from '../../lib/dates.ts';
import { formatInt, formatNumber } from '../../lib/format.ts';
import { offeredTimeframes, storedIntervalsOf } from '../../lib/intervals.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import { DateInput } from '../../ui/date-input.tsx';
import { ErrorBox } from '../../ui/error-box.tsx';
import { createBuilderMarkets, type Preview, type PreviewRequest } from './data.ts';
import type { ParamDecl } from './document.ts';
import { BUILDER_CANDLES } from './operations.ts';

/** Candles drawn per chart: the server merges stored candles down to this many. */
const CANDLES_PER_VIEW = 400;
/** The preview starts on the newest half year of the market: enough signals to judge, quick to compute. */
const DEFAULT_PREVIEW_DAYS = 182;
const DAY_MS = 86_400_000;

const ENTRY_MARK_OF: Record<string, PriceMark['kind'] | undefined> = { ENTRY_LONG: 'entry', ENTRY_SHORT: 'shortEntry' };

export interface PreviewMarket {
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: string;
  readonly to: string;
}

/** The market, range and parameter values the preview uses; `onRequest` gets what to ask the server. */
export function createPreviewSettings(params: Accessor<readonly ParamDecl[]>) {
  const markets = createBuilderMarkets();
  const [market, setMarket] = createStore({ symbol: '', timeframe: '', startDay: '', endDay: '' });
  const [values, setValues] = createSignal<Record<string, number>>({});
  createEffect(() => {
    const coverage = markets.coverage();
    if (coverage.length === 0 || market.symbol !== '') return;
    const first = coverage[0];
    const offered = offeredTimeframes(storedIntervalsOf(coverage), [first.symbol]) ?? [];
    const lastMs = Math.max(...coverage.filter((c) => c.symbol === first.symbol).map((c) => Date.parse(c.last)));
    const firstMs = Math.min(...coverage.filter((c) => c.symbol === first.symbol).map((c) => Date.parse(c.first)));
    setMarket({
      symbol: first.symbol,
      timeframe: offered.find((o) => o.interval === '1h')?.interval ?? first.interval,
      startDay: dayOf(Math.max(firstMs, lastMs - DEFAULT_PREVIEW_DAYS * DAY_MS)),
      endDay: dayOf(lastMs),
    });
  });
  const value = (p: ParamDecl) => values()[p.name] ?? p.default;
  const chosen = createMemo<PreviewMarket | null>(() => {
    const from = startDayToApi(market.startDay);
    const to = lastDayToApi(market.endDay);
    return market.symbol && market.timeframe && from && to ? { symbol: market.symbol, timeframe: market.timeframe, from, to } : null;
  });
  const request = (documentJson: string): PreviewRequest | null => {
    const at = chosen();
    if (at === null) return null;
    const overrides = params().flatMap((p) => (values()[p.name] === undefined || values()[p.name] === p.default ? [] : [{ name: p.name, value: values()[p.name] }]));
    return { documentJson, ...at, params: overrides.length > 0 ? overrides : null };
  };
  return { markets, market, setMarket, value, setValue: (name: string, v: number) => setValues((all) => ({ ...all, [name]: v })), chosen, request };
}

export type PreviewSettings = ReturnType<typeof createPreviewSettings>;

/** Market, range and a control for each parameter, then the price chart with the server's signals. */
export function PreviewPanel(props: { settings: PreviewSettings; params: readonly ParamDecl[]; preview: Preview | null; pending: boolean; answered: boolean; error: { code: string; message: string } | null }): JSX.Element {
  const s = props.settings;
  const symbols = createMemo(() => [...new Set(s.markets.coverage().map((c) => c.symbol))]);
  const timeframes = createMemo(() => offeredTimeframes(storedIntervalsOf(s.markets.coverage()), [s.market.symbol]) ?? []);
  const full = createMemo(() => {
    const at = s.chosen();
    return at ? { fromMs: Date.parse(at.from), toMs: Date.parse(at.to) } : { fromMs: 0, toMs: 1 };
  });
  const [zoomed, setZoomed] = createSignal<{ fromMs: number; toMs: number } | null>(null);
  createEffect(() => {
    full();
    setZoomed(null);
  });
  const range = () => zoomed() ?? full();
  const candles = createGraphQLQuery(BUILDER_CANDLES, () =>
    s.chosen() === null ? null : { symbol: s.market.symbol, interval: s.market.timeframe, from: new Date(range().fromMs).toISOString(), to: new Date(range().toMs).toISOString(), maxPoints: CANDLES_PER_VIEW },
  );
  const points = createMemo(() => (candles.data()?.candles.candles ?? []).map((c) => ({ x: Date.parse(c.openTime), o: c.open, h: c.high, l: c.low, c: c.close })));
  // Entries where the rules signal one; exits only where a simulated position closed (an exit signal while flat closes nothing).
  const marks = createMemo<PriceMark[]>(() => [
    ...(props.preview?.markers ?? []).flatMap((m) => {
      const kind = ENTRY_MARK_OF[m.kind];
      return kind === undefined ? [] : [{ timeMs: Date.parse(m.time), price: m.price, kind }];
    }),
    ...(props.preview?.trades ?? []).map((t) => ({ timeMs: Date.parse(t.exitTime), price: t.exitPrice, kind: 'exit' as const })),
  ]);
  const count = (kind: string) => (props.preview?.markers ?? []).filter((m) => m.kind === kind).length;
  return (
    <section class="panel builder-section preview-panel" data-testid="strategy-preview" data-markers={props.preview?.markers.length ?? ''} data-exits={props.preview?.trades.length ?? ''} data-pending={String(props.pending)} data-answered={String(props.answered)} data-symbol={s.chosen()?.symbol} data-timeframe={s.chosen()?.timeframe} data-from={s.chosen()?.from} data-to={s.chosen()?.to}>
      <h2>Preview</h2>
      <div class="preview-market">
        <label>
          Symbol
          <select value={s.market.symbol} onChange={(e) => s.setMarket('symbol', e.currentTarget.value)} data-testid="preview-symbol">
            <For each={symbols()}>{(symbol) => <option value={symbol}>{symbol}</option>}</For>
          </select>
        </label>
        <label>
          Timeframe
          <select value={s.market.timeframe} onChange={(e) => s.setMarket('timeframe', e.currentTarget.value)} data-testid="preview-timeframe">
            <For each={timeframes()}>{(o) => <option value={o.interval}>{o.interval}</option>}</For>
          </select>
        </label>
        <label>
          First day (UTC)
          <DateInput value={s.market.startDay} onChange={(v) => s.setMarket('startDay', v)} testId="preview-start" />
        </label>
        <label>
          Last day (UTC)
          <DateInput value={s.market.endDay} onChange={(v) => s.setMarket('endDay', v)} testId="preview-end" />
        </label>
      </div>
      <Show when={props.params.length > 0}>
        <div class="preview-params" data-testid="preview-params">
          <For each={props.params}>
            {(p) => (
              <Show
                when={p.type !== 'bool'}
                fallback={
                  <label class="check">
                    <input type="checkbox" checked={s.value(p) !== 0} onChange={(e) => s.setValue(p.name, e.currentTarget.checked ? 1 : 0)} />
                    {p.label ?? p.name}
                  </label>
                }
              >
                <label class="preview-param">
                  <span>{p.label ?? p.name}{p.unit ? ` (${p.unit})` : ''}: <output>{formatNumber(s.value(p))}</output></span>
                  <input type="range" min={p.min} max={p.max} step={p.step ?? (p.type === 'int' ? 1 : 'any')} value={s.value(p)} onInput={(e) => s.setValue(p.name, e.currentTarget.valueAsNumber)} data-preview-param={p.name} />
                </label>
              </Show>
            )}
          </For>
        </div>
      </Show>
      <p class="muted small" data-testid="preview-summary">
        <Show when={props.preview} fallback={props.pending ? 'Computing the signals…' : 'No preview yet.'}>
          {(preview) => (
            <>
              {formatInt(count('ENTRY_LONG'))} long entry signals, {formatInt(count('ENTRY_SHORT'))} short entry signals, {formatInt(preview().trades.length)} positions closed (default run settings) · computed by the server in{' '}
              {formatNumber(preview().computeMs)} ms · {formatInt(preview().historyBars)} bars of history loaded first{props.pending ? ' · updating…' : ''}
            </>
          )}
        </Show>
      </p>
      <ErrorBox error={props.error} title="The preview could not be computed" />
      <ErrorBox error={candles.error()} title="Could not load candles" />
      <Show when={points().length > 0}>
        <CandleChart candles={points()} marks={marks()} range={range()} full={full()} onRange={setZoomed} label={`${s.market.symbol} ${s.market.timeframe}`} testId="preview-chart" signalsOnly />
      </Show>
    </section>
  );
}
