import { For, Show, type JSX } from 'solid-js';
import { formatPercent, formatPoints } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import type { HoldoutRow, Optimization, Sweep } from './data.ts';
import { OpenRowButton } from '../../ui/open-row-button.tsx';
import { rowValue, SCORE_COLUMN, ROW_COLUMNS, type RowColumn } from '../../lib/row-columns.ts';
import { rowRange, sweptParams } from './row-metrics.ts';
import type { ApiError } from '../../lib/errors.ts';

/** The columns each side of the comparison shows. */
const SIDE: readonly RowColumn[] = [SCORE_COLUMN, ...ROW_COLUMNS.filter((c) => ['roi', 'winRate', 'maxDrawdownPercentage', 'totalTrades'].includes(c.key))];

function roleOf(row: HoldoutRow): string[] {
  const roles: string[] = [];
  if (row.inSampleRank !== null && row.inSampleRank !== undefined) roles.push(`#${row.inSampleRank} in sample`);
  if (row.isPlateauChoice) roles.push('plateau choice');
  if (row.isCurrent) roles.push('current parameters');
  return roles;
}

/**
 * The hold-out verdict: the best in-sample rows, the row with the best neighbourhood and the current
 * parameters, each measured on the held-out tail the search never saw, beside their in-sample figures.
 */
export function HoldoutPanel(props: { sweep: Sweep; rows: readonly HoldoutRow[] | null; error: ApiError | null; swept: readonly string[] }): JSX.Element {
  const current = () => props.rows?.find((r) => r.isCurrent)?.outOfSample ?? null;
  const split = () => props.rows?.[0]?.outOfSample ?? null;
  const inRange = () => props.rows?.find((r) => r.inSample)?.inSample ?? null;
  const cells = (row: Optimization | null | undefined) => (
    <For each={SIDE}>{(c) => <td class="num" data-metric={c.key} data-value={row ? (rowValue(row, c.key) ?? '') : ''}>{row ? c.format(rowValue(row, c.key)) : '—'}</td>}</For>
  );
  return (
    <section class="panel" aria-labelledby="holdout-title" data-testid="holdout-panel">
      <h2 id="holdout-title">Hold-out: in sample against out of sample</h2>
      <p class="muted small">
        The search ranked on {inRange() ? rowRange(inRange()!) : 'the start of the range'}; the last {formatPercent((props.sweep.validation?.holdoutFraction ?? 0) * 100)}
        {split() ? ` (${rowRange(split()!)})` : ''} was kept out and only these sets were tested there. A set that holds up out of sample beats the current parameters there too.
      </p>
      <ErrorBox error={props.error} title="Could not load the hold-out report" />
      <Show when={props.rows} fallback={<p class="muted">{props.sweep.status === 'COMPLETED' ? 'No hold-out rows.' : 'The hold-out is tested when the search ends.'}</p>}>
        {(rows) => (
          <div class="table-wrap">
            <table class="data-table compact" data-testid="holdout-table">
              <thead>
                <tr>
                  <th rowspan={2}>Parameters</th>
                  <th colspan={SIDE.length} class="group">In sample</th>
                  <th colspan={SIDE.length} class="group">Out of sample (held out)</th>
                  <th rowspan={2} class="num" title="Out-of-sample ROI minus the current parameters' out-of-sample ROI">vs current</th>
                  <th rowspan={2}><span class="visually-hidden">Open</span></th>
                </tr>
                <tr>
                  <For each={SIDE}>{(c) => <th class="num">{c.label}</th>}</For>
                  <For each={SIDE}>{(c) => <th class="num">{c.label}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => {
                    const gain = () => (current() && !row.isCurrent ? row.outOfSample.metrics.roi - current()!.metrics.roi : null);
                    return (
                      <tr data-testid="holdout-row" data-current={row.isCurrent} data-plateau={row.isPlateauChoice} classList={{ 'current-row': row.isCurrent }}>
                        <td class="small">
                          {sweptParams(row.params, props.swept)}
                          <div>{roleOf(row).map((role) => <span class="badge">{role}</span>)}</div>
                        </td>
                        {cells(row.inSample)}
                        {cells(row.outOfSample)}
                        <td class={`num ${gain() === null ? '' : gain()! > 0 ? 'gain' : 'loss'}`}>{gain() === null ? '—' : formatPoints(gain())}</td>
                        <td class="nowrap small">
                          <Show when={row.inSample}>{(r) => <div>In: <OpenRowButton row={r()} label="open" /></div>}</Show>
                          <div>Out: <OpenRowButton row={row.outOfSample} label="open" /></div>
                        </td>
                      </tr>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  );
}
