import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { heatColour, HeatmapChart } from '../../charts/heatmap-chart.tsx';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDateTime, formatDrawdown, formatDuration, formatInt, formatNumber, formatParams, formatPercent, formatRate, formatSignedPercent } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { Loading } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createRunBacktest } from '../backtests/data.ts';
import { createNewRecommendations } from '../recommendations/data.ts';
import { createCancelSweep, createSweep, createSweepProgress, type Optimization } from './data.ts';
import { heatmapCells } from './grid.ts';
import { backtestOfRow } from './sweep-run.ts';

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
const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];
const valueOf = (row: Optimization, key: RowMetric): number | null => (key === 'score' ? row.score : row.metrics[key]);

export default function SweepDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const id = () => params.id;
  const sweep = createSweep(id);
  const live = createSweepProgress(id);
  const recommendation = createNewRecommendations(id);
  const cancel = createCancelSweep();
  const run = createRunBacktest();
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
    return [...sweep.rows()].sort((a, b) => {
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

  const openAsBacktest = async (row: Optimization, rank: number) => {
    const data = sweep.sweep();
    if (!data) return;
    setActionError(null);
    const outcome = await run.execute({ input: backtestOfRow(data, row.params, `${data.name} · #${rank} ${formatParams(row.params)}`) });
    if (outcome.error) setActionError(apiError(outcome.error));
    else navigate(`/runs/${outcome.data.runBacktest.id}`);
  };

  const rate = () => {
    const s = live.state();
    if (!s?.firstAt || !s.lastAt || s.lastAt.atMs <= s.firstAt.atMs) return null;
    return ((s.lastAt.done - s.firstAt.done) / (s.lastAt.atMs - s.firstAt.atMs)) * 1000;
  };
  const eta = () => {
    const s = live.state();
    const r = rate();
    return s && r && r > 0 && !finished() ? ((s.totalCombinations - s.completedCombinations) / r) * 1000 : null;
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
                <div><dt>Combinations</dt><dd>{formatInt(live.state()?.completedCombinations ?? s().completedCombinations)} / {formatInt(live.state()?.totalCombinations ?? s().totalCombinations)}</dd></div>
                <div><dt>Skipped by constraints</dt><dd>{formatInt(s().skippedByConstraint)}</dd></div>
                <div><dt>Rate</dt><dd>{formatRate(rate(), 'combinations')}</dd></div>
                <div><dt>ETA</dt><dd>{finished() ? 'done' : formatDuration(eta())}</dd></div>
                <div><dt>Best so far</dt><dd data-testid="best-so-far">{formatNumber(live.state()?.bestScore)} <span class="muted small">{sweptParams(live.state()?.bestParams)}</span></dd></div>
              </dl>
              <Show when={status() === 'FAILED'}><ErrorBox error={{ code: s().errorCode ?? 'FAILED', message: s().error ?? 'The sweep failed' }} title="Sweep failed" /></Show>
              <Show when={recommendation.state()[0]}>
                {(rec) => <p class="notice" data-testid="sweep-recommendation">A recommendation was drawn from this sweep: <A href={`/recommendations/${rec().id}`}>{formatParams(rec().recommendedParams)}</A></p>}
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
                <h2 id="top-title">Top combinations</h2>
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
                          <tr data-testid="top-row" data-row-id={row.id}>
                            <td class="num">{index() + 1}</td>
                            <td class="small">{sweptParams(row.params)}</td>
                            <For each={ROW_METRICS}>{(m) => <td class="num" data-metric={m.key} data-value={valueOf(row, m.key) ?? ''}>{m.format(valueOf(row, m.key))}</td>}</For>
                            <td class="nowrap">
                              <Show when={row.run} fallback={<button type="button" class="small-button" disabled={run.running()} onClick={() => void openAsBacktest(row, index() + 1)} data-testid="open-backtest">Open as backtest</button>}>
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
          </article>
        )}
      </Show>
    </Show>
  );
}
