import { plainOf } from '../../lib/values.ts';
import { createEffect, createMemo, createSignal, For, on, Show, type Accessor, type JSX } from 'solid-js';
import { heatColour, HeatmapChart, type HeatCell } from '../../charts/heatmap-chart.tsx';
import { ErrorBox } from '../../ui/error-box.tsx';
import { createSweepHeatmap, type HeatmapVariables, type MetricName } from './data.ts';
import { MAP_METRICS, type Place } from './row-metrics.ts';

type Aggregate = NonNullable<HeatmapVariables['aggregate']>;

const AGGREGATES: ReadonlyArray<{ value: Aggregate; label: string }> = [
  { value: 'MAX', label: 'highest' },
  { value: 'MEAN', label: 'mean' },
  { value: 'MIN', label: 'lowest' },
];

/**
 * Two swept parameters against the objective score or any metric, one cell per value pair, the other
 * parameters aggregated by the server (highest, mean or lowest over the rows sharing the pair).
 */
export function HeatmapPanel(props: { sweepId: string; swept: readonly string[]; place: Place; revision: Accessor<number>; current: Record<string, unknown> }): JSX.Element {
  const [xParam, setXParam] = createSignal('');
  const [yParam, setYParam] = createSignal('');
  const [metric, setMetric] = createSignal<MetricName | ''>('');
  const [aggregate, setAggregate] = createSignal<Aggregate>('MAX');
  createEffect(() => {
    const names = props.swept;
    if (!names.includes(xParam())) setXParam(names[0] ?? '');
    if (!names.includes(yParam()) || yParam() === xParam()) setYParam(names.find((n) => n !== xParam()) ?? '');
  });
  const spec = () => MAP_METRICS.find((m) => m.value === metric()) ?? MAP_METRICS[0];
  const ready = () => xParam() !== '' && yParam() !== '' && xParam() !== yParam();
  const query = createSweepHeatmap(() =>
    ready()
      ? { id: props.sweepId, paramX: xParam(), paramY: yParam(), aggregate: aggregate(), window: props.place.window, phase: props.place.phase, ...(metric() ? { metric: metric() as MetricName } : {}) }
      : null,
  );
  createEffect(on(props.revision, () => ready() && query.refetch(), { defer: true }));

  const chart = createMemo(() => {
    const map = query.heatmap();
    if (!map) return null;
    const cells: HeatCell[] = map.cells.map((c) => ({ x: String(plainOf(c.x)), y: String(plainOf(c.y)), v: c.count > 0 ? c.value : null, count: c.count }));
    const values = cells.map((c) => c.v).filter((v): v is number => v !== null);
    return { cells, xValues: map.xValues.map((v) => String(plainOf(v))), yValues: map.yValues.map((v) => String(plainOf(v))), min: values.length ? Math.min(...values) : null, max: values.length ? Math.max(...values) : null };
  });
  const aggregateLabel = () => AGGREGATES.find((a) => a.value === aggregate())!.label;
  /** The current parameters' cell, when their two values are on the map. */
  const current = createMemo(() => {
    const c = chart();
    const x = String(props.current[xParam()]), y = String(props.current[yParam()]);
    return c && c.xValues.includes(x) && c.yValues.includes(y) ? { x, y } : null;
  });
  const worst = () => (spec().better === 'higher' ? chart()?.min : chart()?.max) ?? null;
  const best = () => (spec().better === 'higher' ? chart()?.max : chart()?.min) ?? null;

  return (
    <section class="panel" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title">Heatmap</h2>
      <div class="filters">
        <label class="field"><span class="field__label">Across (x)</span>
          <select value={xParam()} onChange={(e) => setXParam(e.currentTarget.value)} data-testid="heat-x"><For each={props.swept}>{(n) => <option value={n} selected={n === xParam()}>{n}</option>}</For></select>
        </label>
        <label class="field"><span class="field__label">Down (y)</span>
          <select value={yParam()} onChange={(e) => setYParam(e.currentTarget.value)} data-testid="heat-y"><For each={props.swept}>{(n) => <option value={n} selected={n === yParam()}>{n}</option>}</For></select>
        </label>
        <label class="field"><span class="field__label">Metric</span>
          <select
            value={metric()}
            onChange={(e) => {
              setMetric(e.currentTarget.value as MetricName | '');
              // The best cell is what a trader looks for first: the lowest drawdown, the highest return.
              setAggregate(spec().better === 'lower' ? 'MIN' : 'MAX');
            }}
            data-testid="heat-metric"
          >
            <For each={MAP_METRICS}>{(m) => <option value={m.value}>{m.label}</option>}</For>
          </select>
        </label>
        <label class="field"><span class="field__label">Over the other parameters</span>
          <select value={aggregate()} onChange={(e) => setAggregate(e.currentTarget.value as Aggregate)} data-testid="heat-aggregate"><For each={AGGREGATES}>{(a) => <option value={a.value}>{a.label}</option>}</For></select>
        </label>
      </div>
      <ErrorBox error={query.error()} title="Could not load the heatmap" />
      <div data-testid="heatmap-panel" data-cells={chart()?.cells.length ?? ''} data-aggregate={aggregate()} data-metric={metric() || 'SCORE'}>
        <Show when={ready()} fallback={<p class="muted">Sweep two parameters for a heatmap.</p>}>
          <Show when={chart()} fallback={<p class="muted">Loading the heatmap…</p>}>
            {(c) => (
              <Show when={c().cells.some((cell) => cell.count > 0)} fallback={<p class="muted" data-testid="heatmap-empty">No rows here yet: they appear as workers test them.</p>}>
              <>
                <p class="muted small" data-testid="heat-legend">
                  <span class="legend-swatch" style={{ background: heatColour(0, 0, 1) }} /> worst {spec().format(worst())} →{' '}
                  <span class="legend-swatch" style={{ background: heatColour(1, 0, 1) }} /> best {spec().format(best())}. Each cell is the {aggregateLabel()} {spec().label.toLowerCase()} of the rows sharing its two values
                  {props.swept.length > 2 ? ' (over the other swept parameters)' : ''}; grey cells have no row (skipped by a constraint, or not sampled).
                  <Show when={current()} fallback={' The current parameters are off this map.'}>
                    {(cell) => <> The outlined cell holds the current parameters ({xParam()} {cell().x}, {yParam()} {cell().y}).</>}
                  </Show>
                </p>
                <div data-testid="heatmap-current" data-x={current()?.x ?? ''} data-y={current()?.y ?? ''} />
                <HeatmapChart cells={c().cells} xValues={c().xValues} yValues={c().yValues} xLabel={xParam()} yLabel={yParam()} metricLabel={spec().label} better={spec().better} format={spec().format} aggregateLabel={aggregateLabel()} current={current()} />
              </>
              </Show>
            )}
          </Show>
        </Show>
      </div>
    </section>
  );
}
