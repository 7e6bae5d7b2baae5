import { A } from '@solidjs/router';
import { For, type JSX } from 'solid-js';
import { formatRange } from '../../lib/dates.ts';
import { paramRecord } from '../../lib/values.ts';
import { OpenRowButton } from '../../ui/open-row-button.tsx';
import { ROW_COLUMNS, rowValue } from '../../lib/row-columns.ts';
import type { RecommendationDetail } from './data.ts';

type Evidence = RecommendationDetail['evidence'][number];

/** Parameters that differ between the evidence rows: the ones worth reading (the rest are shared). */
function varying(rows: readonly Evidence[]): string[] {
  const names = [...new Set(rows.flatMap((r) => r.params.map((param) => param.name)))];
  return names.filter((name) => new Set(rows.map((r) => String(paramRecord(r.params)[name]))).size > 1);
}

type Side = RecommendationDetail['current'];

/** Whether a row tested the recommended values, the current ones, or neither (a neighbour, another market). */
function roleOf(row: Evidence, rec: Pick<RecommendationDetail, 'baseParams' | 'current' | 'recommended'>): string {
  const params = paramRecord(row.params);
  const full = (side: Side) => ({ ...paramRecord(rec.baseParams), ...paramRecord(side.params) });
  const sameMarket = (side: Side) => (!side.symbol || row.symbols.includes(side.symbol)) && (!side.timeframe || row.timeframe === side.timeframe);
  const same = (side: Side) => sameMarket(side) && Object.entries(full(side)).every(([name, value]) => !(name in params) || params[name] === value);
  if (same(rec.recommended)) return 'recommended';
  if (same(rec.current)) return 'current';
  return '';
}

/** The sweep rows a recommendation rests on, each linked to its sweep and openable as a full backtest. */
export function EvidenceTable(props: { evidence: readonly Evidence[]; recommendation: Pick<RecommendationDetail, 'baseParams' | 'current' | 'recommended'> }): JSX.Element {
  const names = () => {
    const v = varying(props.evidence);
    return v.length > 0 ? v : (props.evidence[0]?.params ?? []).map((param) => param.name).slice(0, 3);
  };
  return (
    <div class="table-wrap">
      <table class="data-table compact" data-testid="evidence-table">
        <thead>
          <tr>
            <th>Market</th><th>Values</th><th>Where</th><th>Range (UTC)</th>
            <For each={names()}>{(n) => <th class="num">{n}</th>}</For>
            <For each={ROW_COLUMNS}>{(c) => <th class="num">{c.label}</th>}</For>
            <th><span class="visually-hidden">Sweep</span></th><th><span class="visually-hidden">Open</span></th>
          </tr>
        </thead>
        <tbody>
          <For each={props.evidence}>
            {(row) => (
              <tr data-testid="evidence-row" data-phase={row.phase} data-role={roleOf(row, props.recommendation)}>
                <td class="small nowrap">{row.symbols.join(', ')} {row.timeframe}</td>
                <td class="small">{roleOf(row, props.recommendation) ? <span class="badge">{roleOf(row, props.recommendation)}</span> : <span class="muted">other</span>}</td>
                <td class="small nowrap">{row.phase === 'IN_SAMPLE' ? 'in sample' : 'out of sample'}{row.window > 0 ? `, window ${row.window}` : ''}</td>
                <td class="small nowrap">{formatRange(row.fromDate, row.toDate)}</td>
                <For each={names()}>{(n) => <td class="num">{String(paramRecord(row.params)[n] ?? '—')}</td>}</For>
                <For each={ROW_COLUMNS}>{(c) => <td class="num">{c.format(rowValue(row, c.key))}</td>}</For>
                <td>{row.sweepId ? <A href={`/sweeps/${row.sweepId}`}>sweep</A> : '—'}</td>
                <td class="nowrap"><OpenRowButton row={row} /></td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
