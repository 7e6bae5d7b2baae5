import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { heatColour, HeatmapChart } from '../../charts/heatmap-chart.tsx';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDateTime, formatDrawdown, formatDuration, formatInt, formatNumber, formatParams, formatPercent, formatRate, formatSignedPercent } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { Loading } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createNewRecommendations } from '../recommendations/data.ts';
import { createCancelSweep, createOpenRow, createSweep, createSweepProgress, TERMINAL, type Optimization, type Sweep } from './data.ts';
import { heatmapCells } from './grid.ts';

type RowMetric = 'score' | 'roi' | 'winRate' | 'sharpeRatio' | 'profitFactor' | 'maxDrawdownPercentage' | 'totalTrades';

/** The metrics of a tested combination: heatmap colour, table columns and sort keys. */
const ROW_METRICS: ReadonlyArray<{ key: RowMetric; label: string; better: 'higher' | 'lower'; format: (v: number | null) => string }> = [
  { key: 'score', label: 'Score', better: 'higher', format: formatNumber },
  { key: 'roi', label: 'ROI', better: 'higher', format: formatSignedPercent },
  { key: 'winRate', label: 'Win rate', better: 'higher', format: formatPercent },
  { key: 'sharpeRatio', label: 'Sharpe', better: 'higher', format: formatNumber },
  { key: 'profitFactor', label: 'Profit factor', better: 'higher', format: formatNumber },
  { key: 'maxDrawdownPercentage', label: 'Max drawdown', better: 'lower', format: formatDrawdown },
  { key: 'totalTrades', label: 'Trades', better: 'higher', format: formatInt },
];
const valueOf = (row: Optimization, key: RowMetric): number | null => (key === 'score' ? row.score : row.metrics[key]);

export default function SweepDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const id = () => params.id;
  const sweep = createSweep(id);
  const live = createSweepProgress(id);
  const recommendation = createNewRecommendations(id);
  const cancel = createCancelSweep();
  const open = createOpenRow();
  const [actionError, setActionError] = createSignal<ApiError | null>(null);

  const status = () => live.state()?.status ?? sweep.sweep()?.status ?? 'PENDING';
  const finished = () => TERMINAL.includes(status());
  createEffect(on(id, () => void sweep.load()));
  createEffect(on(finished, (done, was) => done && was === false && void sweep.load(), { defer: true }));

  const swept = createMemo(() => Object.keys((sweep.sweep()?.parameterRanges ?? {}) as Record<string, unknown>));
  /** The swept values of a combination (the others are the sweep's base values, the same in every row). */
  const sweptParams = (params: unknown) =>
    formatParams(Object.fromEntries(Object.entries((params ?? {}) as Record<string, unknown>).filter(([name]) => swept().length === 0 || swept().includes(name))));
  const [xParam, setXParam] = createSignal('');
  const [yParam, setYParam] = createSignal('');
  const [heatMetric, setHeatMetric] = createSignal<RowMetric>('score');
  createEffect(() => {
    const names = swept();
    if (!names.includes(xParam())) setXParam(names[0] ?? '');
    if (!names.includes(yParam()) || yParam() === xParam()) setYParam(names.find((n) => n !== (names.includes(xParam()) ? xParam() : names[0])) ?? names[0] ?? '');
  });
  const metricSpec = () => ROW_METRICS.find((m) => m.key === heatMetric())!;
  const heat = createMemo(() =>
    heatmapCells(
      sweep.rows().map((row) => ({ params: row.params as Record<string, unknown>, metrics: { ...row.metrics, score: row.score } })),
      xParam(),
      yParam(),
      heatMetric(),
      metricSpec().better,
    ),
  );

  const heatRange = createMemo(() => {
    const values = heat().cells.map((c) => c.v).filter((v): v is number => v !== null);
    return { min: values.length ? Math.min(...values) : null, max: values.length ? Math.max(...values) : null };
  });
  const [sortKey, setSortKey] = createSignal<RowMetric>('score');
  const [ascending, setAscending] = createSignal(false);
  const [topN, setTopN] = createSignal(20);
  const ranked = createMemo(() => {
    const key = sortKey();
    const sign = ascending() ? 1 : -1;
    const minTrades = sweep.sweep()?.minTrades ?? 0;
    const eligible = (row: Optimization) => (row.metrics.totalTrades >= minTrades ? 0 : 1);
    return [...sweep.rows()].sort((a, b) => {
      // As the server ranks: rows with too few trades never come first.
      if (eligible(a) !== eligible(b)) return eligible(a) - eligible(b);
      const x = valueOf(a, key) ?? -Infinity;
      const y = valueOf(b, key) ?? -Infinity;
      return x === y ? 0 : x < y ? -sign : sign;
    });
  });
  const sortBy = (key: RowMetric) => {
    if (sortKey() === key) setAscending(!ascending());
    else {
      setSortKey(key);
      setAscending(ROW_METRICS.find((m) => m.key === key)!.better === 'lower');
    }
  };

  const openAsBacktest = async (row: Optimization) => {
    setActionError(null);
    const outcome = await open.execute({ id: row.id });
    if (outcome.error) setActionError(apiError(outcome.error));
    else navigate(`/runs/${outcome.data.openOptimizationRow.id}`);
  };

  return (
    <Show when={sweep.loaded()} fallback={<Loading what="the sweep" />}>
      <ErrorBox error={sweep.error()} title="Could not load the sweep" />
      <Show when={sweep.sweep()} fallback={<p class="state">Sweep {id()} does not exist. <A href="/sweeps">All sweeps</A></p>}>
        {(s) => (
          <article class="page" data-testid="sweep-detail" data-status={status()}>
            <header class="page__header">
              <div>
                <h1>{s().name}</h1>
                <p class="muted">{s().strategy} · {s().symbols.join(', ')} · {s().timeframe} · {formatDateTime(s().startDate)} → {formatDateTime(s().endDate)}</p>
              </div>
              <div class="header-actions">
                <StatusBadge status={status()} testId="sweep-status" />
                <Show when={!finished()}>
                  <button type="button" class="danger" disabled={cancel.running()} onClick={async () => setActionError(apiError((await cancel.execute({ id: id() })).error))}>Cancel sweep</button>
                </Show>
              </div>
            </header>
            <ErrorBox error={actionError()} />

            <section class="panel live-panel" aria-live="polite">
              <ProgressBar value={status() === 'COMPLETED' ? 1 : (live.state()?.progress ?? s().progress)} label="Sweep progress" tone={status() === 'COMPLETED' ? 'done' : finished() ? 'failed' : 'running'} testId="sweep-progress" />
              <dl class="counters">
                <div><dt>Evaluations</dt><dd data-testid="sweep-evaluations">{formatInt(live.state()?.completedEvaluations ?? s().completedEvaluations)} / {formatInt(live.state()?.totalEvaluations ?? s().totalEvaluations)}</dd></div>
                <div><dt>Grid</dt><dd>{formatInt(s().totalCombinations)} combinations, {formatInt(s().skippedByConstraint)} skipped by constraints</dd></div>
                <div><dt>Rate</dt><dd>{formatRate(live.state()?.evaluationsPerSecond, 'evaluations')}</dd></div>
                <div><dt>ETA</dt><dd>{finished() ? 'done' : formatDuration(live.state()?.etaSeconds != null ? live.state()!.etaSeconds! * 1000 : null)}</dd></div>
                <div><dt>Stage</dt><dd>{finished() ? '—' : (live.state()?.stage ?? 'waiting for a worker')}</dd></div>
                <div><dt>Best so far</dt><dd data-testid="best-so-far">{formatNumber(live.state()?.bestScore)} <span class="muted small">{sweptParams(live.state()?.bestParams)}</span></dd></div>
              </dl>
              <SweepSetup sweep={s()} />
              <Show when={status() === 'FAILED'}><ErrorBox error={{ code: s().errorCode ?? 'FAILED', message: s().error ?? 'The sweep failed' }} title="Sweep failed" /></Show>
              <Show when={recommendation.state()[0]}>
                {(rec) => <p class="notice" data-testid="sweep-recommendation">A recommendation was drawn from this sweep: <A href={`/recommendations/${rec().id}`}>{sweptParams(rec().recommendedParams)}</A></p>}
              </Show>
            </section>

            <Show when={sweep.rows().length > 0} fallback={<p class="state">{finished() ? 'No combination was tested.' : 'Results appear when the sweep completes.'}</p>}>
              <section class="panel" aria-labelledby="heatmap-title">
                <h2 id="heatmap-title">Heatmap</h2>
                <div class="filters">
                  <label class="field"><span class="field__label">Across (x)</span>
                    <select value={xParam()} onChange={(e) => setXParam(e.currentTarget.value)} data-testid="heat-x"><For each={swept()}>{(n) => <option value={n}>{n}</option>}</For></select>
                  </label>
                  <label class="field"><span class="field__label">Down (y)</span>
                    <select value={yParam()} onChange={(e) => setYParam(e.currentTarget.value)} data-testid="heat-y"><For each={swept()}>{(n) => <option value={n}>{n}</option>}</For></select>
                  </label>
                  <label class="field"><span class="field__label">Metric</span>
                    <select value={heatMetric()} onChange={(e) => setHeatMetric(e.currentTarget.value as RowMetric)} data-testid="heat-metric"><For each={ROW_METRICS}>{(m) => <option value={m.key}>{m.label}</option>}</For></select>
                  </label>
                </div>
                <p class="muted small" data-testid="heat-legend">
                  <span class="legend-swatch" style={{ background: heatColour(0, 0, 1) }} /> worst{' '}
                  {metricSpec().format(metricSpec().better === 'higher' ? heatRange().min : heatRange().max)} →{' '}
                  <span class="legend-swatch" style={{ background: heatColour(1, 0, 1) }} /> best {metricSpec().format(metricSpec().better === 'higher' ? heatRange().max : heatRange().min)}.
                  {' '}Each cell is the best {metricSpec().label.toLowerCase()} among the combinations sharing its two values{swept().length > 2 ? ' (the other swept parameters aggregated)' : ''}; grey cells were skipped by a constraint.
                </p>
                <div data-testid="heatmap-panel" data-cells={heat().cells.length}>
                  <Show when={xParam() && yParam() && xParam() !== yParam()} fallback={<p class="muted">Sweep two parameters for a heatmap.</p>}>
                    <HeatmapChart cells={heat().cells} xValues={heat().xValues} yValues={heat().yValues} xLabel={xParam()} yLabel={yParam()} metricLabel={metricSpec().label} better={metricSpec().better} format={metricSpec().format} />
                  </Show>
                </div>
              </section>

              <section class="panel" aria-labelledby="top-title">
                <h2 id="top-title">Top combinations {sweep.sweep()?.validation ? '(in-sample)' : ''}</h2>
                <p class="muted small">Ranked by {objectiveText(s())}; rows under {s().minTrades} trades rank last. Sort by any column.</p>
                <label class="inline-field">Show
                  <select value={topN()} onChange={(e) => setTopN(Number(e.currentTarget.value))}>
                    <For each={[10, 20, 50, 100, 100_000]}>{(n) => <option value={n}>{n === 100_000 ? 'all' : n}</option>}</For>
                  </select>
                  of {formatInt(sweep.rows().length)}
                </label>
                <div class="table-wrap">
                  <table class="data-table" data-testid="top-table">
                    <thead>
                      <tr>
                        <th class="num">#</th>
                        <th>Parameters</th>
                        <For each={ROW_METRICS}>
                          {(m) => (
                            <th class="num" aria-sort={sortKey() === m.key ? (ascending() ? 'ascending' : 'descending') : 'none'}>
                              <button type="button" class="sort" onClick={() => sortBy(m.key)} data-testid={`top-sort-${m.key}`}>{m.label}<span aria-hidden="true">{sortKey() === m.key ? (ascending() ? ' ▲' : ' ▼') : ''}</span></button>
                            </th>
                          )}
                        </For>
                        <th><span class="visually-hidden">Actions</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={ranked().slice(0, topN())}>
                        {(row, index) => (
                          <tr data-testid="top-row" data-row-id={row.id} classList={{ 'below-min': row.metrics.totalTrades < s().minTrades }} title={row.metrics.totalTrades < s().minTrades ? `Fewer than ${s().minTrades} trades: never ranked best` : undefined}>
                            <td class="num">{index() + 1}</td>
                            <td class="small">{sweptParams(row.params)}</td>
                            <For each={ROW_METRICS}>{(m) => <td class="num" data-metric={m.key} data-value={valueOf(row, m.key) ?? ''}>{m.format(valueOf(row, m.key))}</td>}</For>
                            <td class="nowrap">
                              <Show when={row.run} fallback={<button type="button" class="small-button" disabled={open.running()} onClick={() => void openAsBacktest(row)} data-testid="open-backtest">Open as backtest</button>}>
                                {(r) => <A href={`/runs/${r().id}`}>Open run</A>}
                              </Show>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </section>
            </Show>
            <Show when={sweep.outOfSample().length > 0}>
              <section class="panel" aria-labelledby="oos-title" data-testid="out-of-sample">
                <h2 id="oos-title">Out of sample</h2>
                <p class="muted small">The best in-sample rows measured on data the search never saw{s().validation?.holdoutFraction ? ` (the last ${formatPercent(s().validation!.holdoutFraction! * 100)} of the range)` : ''}.</p>
                <div class="table-wrap">
                  <table class="data-table">
                    <thead><tr><th>Parameters</th><th>Range (UTC)</th><For each={ROW_METRICS}>{(m) => <th class="num">{m.label}</th>}</For></tr></thead>
                    <tbody>
                      <For each={sweep.outOfSample()}>
                        {(row) => (
                          <tr>
                            <td class="small">{sweptParams(row.params)}</td>
                            <td class="small nowrap">{formatDateTime(row.fromDate)} → {formatDateTime(row.toDate)}</td>
                            <For each={ROW_METRICS}>{(m) => <td class="num">{m.format(valueOf(row, m.key))}</td>}</For>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </section>
            </Show>
          </article>
        )}
      </Show>
    </Show>
  );
}

function objectiveText(sweep: Sweep): string {
  const { name, weights } = sweep.objective;
  if (name !== 'CUSTOM') return `the ${name.toLowerCase().replace(/_/g, ' ')} objective`;
  return `a custom objective (${weights.map((w) => `${w.weight} × ${w.metric.toLowerCase()}`).join(' + ')})`;
}

/** How the sweep searches and validates, as set when it was started. */
function SweepSetup(props: { sweep: Sweep }): JSX.Element {
  const s = () => props.sweep;
  const validation = () => {
    const v = s().validation;
    if (!v) return 'none (in-sample only)';
    if (v.holdoutFraction) return `hold-out: the last ${formatPercent(v.holdoutFraction * 100)} of the range`;
    if (v.walkForward) return `walk-forward: ${v.walkForward.windows} ${v.walkForward.mode.toLowerCase()} windows, ${formatPercent(v.walkForward.inSampleFraction * 100)} in-sample`;
    return 'none';
  };
  return (
    <dl class="counters" data-testid="sweep-setup">
      <div><dt>Objective</dt><dd>{objectiveText(s())}</dd></div>
      <div><dt>Search</dt><dd>{s().search.method.toLowerCase()}{s().search.budget ? `, budget ${formatInt(s().search.budget)}` : ''}{s().search.seed != null ? `, seed ${s().search.seed}` : ''}</dd></div>
      <div><dt>Minimum trades</dt><dd>{formatInt(s().minTrades)}</dd></div>
      <div><dt>Validation</dt><dd>{validation()}</dd></div>
    </dl>
  );
}
