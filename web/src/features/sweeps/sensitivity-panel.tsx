import { plainOf } from '../../lib/values.ts';
import { createEffect, createMemo, createSignal, For, on, Show, type Accessor, type JSX } from 'solid-js';
import { formatInt } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { createSweepSensitivity, type MetricName } from './data.ts';
import { MAP_METRICS, type Place } from './row-metrics.ts';

/**
 * One parameter's effect: for each of its values, the score (or a metric) over every row with it.
 * A flat mean with a small spread is a parameter that hardly matters; a peak with a wide spread
 * depends on the others.
 */
export function SensitivityPanel(props: { sweepId: string; swept: readonly string[]; place: Place; revision: Accessor<number> }): JSX.Element {
  const [param, setParam] = createSignal('');
  const [metric, setMetric] = createSignal<MetricName | ''>('');
  createEffect(() => {
    if (!props.swept.includes(param())) setParam(props.swept[0] ?? '');
  });
  const spec = () => MAP_METRICS.find((m) => m.value === metric()) ?? MAP_METRICS[0];
  const query = createSweepSensitivity(() =>
    param() ? { id: props.sweepId, param: param(), window: props.place.window, phase: props.place.phase, ...(metric() ? { metric: metric() as MetricName } : {}) } : null,
  );
  createEffect(on(props.revision, () => param() && query.refetch(), { defer: true }));
  const span = createMemo(() => {
    const values = (query.points() ?? []).flatMap((p) => [p.min, p.max]).filter((v): v is number => v !== null);
    return values.length ? { lo: Math.min(...values), hi: Math.max(...values) } : null;
  });
  const at = (v: number | null) => {
    const s = span();
    return v === null || !s || s.hi === s.lo ? 50 : ((v - s.lo) / (s.hi - s.lo)) * 100;
  };
  return (
    <section class="panel" aria-labelledby="sensitivity-title" data-testid="sensitivity-panel">
      <h2 id="sensitivity-title">Sensitivity</h2>
      <div class="filters">
        <label class="field"><span class="field__label">Parameter</span>
          <select value={param()} onChange={(e) => setParam(e.currentTarget.value)} data-testid="sensitivity-param"><For each={props.swept}>{(n) => <option value={n}>{n}</option>}</For></select>
        </label>
        <label class="field"><span class="field__label">Metric</span>
          <select value={metric()} onChange={(e) => setMetric(e.currentTarget.value as MetricName | '')} data-testid="sensitivity-metric"><For each={MAP_METRICS}>{(m) => <option value={m.value}>{m.label}</option>}</For></select>
        </label>
      </div>
      <ErrorBox error={query.error()} title="Could not load the sensitivity" />
      <Show when={query.points()} fallback={<p class="muted">Loading…</p>}>
        {(points) => (
          <div class="table-wrap">
            <table class="data-table compact" data-testid="sensitivity-table">
              <thead>
                <tr><th>{param()}</th><th class="num">Rows</th><th class="num">Mean</th><th class="num">Lowest</th><th class="num">Highest</th><th class="num">Spread (σ)</th><th class="bar-col">Lowest · mean · highest</th></tr>
              </thead>
              <tbody>
                <For each={points()}>
                  {(p) => (
                    <tr>
                      <th scope="row">{String(plainOf(p.value))}</th>
                      <td class="num">{formatInt(p.count)}</td>
                      <td class="num">{spec().format(p.mean)}</td>
                      <td class="num">{spec().format(p.min)}</td>
                      <td class="num">{spec().format(p.max)}</td>
                      <td class="num">{spec().format(p.std)}</td>
                      <td class="bar-col" aria-hidden="true">
                        <div class="range-bar">
                          <span class="range-bar__span" style={{ left: `${at(p.min)}%`, width: `${Math.max(0.5, at(p.max) - at(p.min))}%` }} />
                          <span class="range-bar__mark" style={{ left: `${at(p.mean)}%` }} />
                        </div>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  );
}
