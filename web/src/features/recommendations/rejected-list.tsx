import { A } from '@solidjs/router';
import { createMemo, For, Show, type JSX } from 'solid-js';
import { formatDateTime, formatPercent, formatSignedPercent } from '../../lib/format.ts';
import { TYPES, type Recommendation, type RecommendationType } from './data.ts';
import { describeChange } from '../../lib/recommendation-values.ts';
import { readValidation } from './validation.ts';

/** Why it is here: the server's reason for not emitting it, or the user's rejection. */
const reasonOf = (r: Recommendation) => r.rejectionReason ?? `rejected by you${r.decidedAt ? ` on ${formatDateTime(r.decidedAt)}` : ''}`;

/**
 * What was considered and not emitted (or rejected on review), so a trader sees what the system
 * looked at and why it said no: filterable by type and by words in the market, change or reason.
 */
export function RejectedList(props: {
  items: readonly Recommendation[];
  type: RecommendationType | '';
  query: string;
  onFilter: (patch: { type?: RecommendationType | ''; query?: string }) => void;
}): JSX.Element {
  const shown = createMemo(() => {
    const words = props.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return props.items.filter((r) => {
      if (props.type && r.type !== props.type) return false;
      const haystack = `${r.strategyTitle} ${r.strategy} ${r.symbols.join(' ')} ${r.timeframe} ${describeChange(r)} ${reasonOf(r)}`.toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
  });
  return (
    <section class="panel" aria-labelledby="rejected-title" data-testid="rejected-list">
      <h2 id="rejected-title">Considered and rejected ({shown().length} of {props.items.length})</h2>
      <p class="muted small">Every candidate is validated on data it was not derived from; those that did not beat the current settings there are kept here with the reason.</p>
      <div class="filters">
        <label class="field">
          <span class="field__label">Type</span>
          <select value={props.type} onChange={(e) => props.onFilter({ type: e.currentTarget.value as RecommendationType | '' })} data-testid="rejected-type">
            <option value="">All</option>
            <For each={TYPES}>{(t) => <option value={t}>{t.toLowerCase()}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">Contains</span>
          <input type="search" placeholder="symbol, parameter, reason…" value={props.query} onInput={(e) => props.onFilter({ query: e.currentTarget.value })} data-testid="rejected-search" />
        </label>
      </div>
      <Show when={shown().length > 0} fallback={<p class="muted">{props.items.length === 0 ? 'Nothing was rejected yet.' : 'None match the filter.'}</p>}>
        <div class="table-wrap">
          <table class="data-table compact">
            <thead>
              <tr><th>Created (UTC)</th><th>Type</th><th>Market</th><th>Change</th><th class="num">OOS ROI current → recommended</th><th class="num">Confidence</th><th>Why not</th></tr>
            </thead>
            <tbody>
              <For each={shown()}>
                {(r) => {
                  const v = readValidation(r.validation);
                  return (
                    <tr data-testid="rejected-row" data-id={r.id} data-type={r.type}>
                      <td class="small nowrap"><A href={`/recommendations/${r.id}`}>{formatDateTime(r.createdAt)}</A></td>
                      <td>{r.type.toLowerCase()}</td>
                      <td class="small">{r.strategyTitle} · {r.symbols.join(', ')} · {r.timeframe}</td>
                      <td class="small">{describeChange(r)}</td>
                      <td class="num small">{v?.current && v.recommended ? `${formatSignedPercent(v.current.roi)} → ${formatSignedPercent(v.recommended.roi)}` : '—'}</td>
                      <td class="num">{formatPercent(r.confidenceScore * 100)}</td>
                      <td class="small">{reasonOf(r)}</td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
