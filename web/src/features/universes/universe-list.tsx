import { A } from '@solidjs/router';
import { For, type JSX } from 'solid-js';
import type { UniverseRecord } from './universe-form.ts';

/** The stored universes, each with what it holds (its pairs or its rule in words), links to backtest or sweep it, Edit and Delete. */
export function UniverseList(props: { universes: readonly UniverseRecord[]; deleting: boolean; onEdit: (universe: UniverseRecord) => void; onDelete: (universe: UniverseRecord) => void }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="universe-list">
        <thead><tr><th>Name</th><th>Pairs</th><th /></tr></thead>
        <tbody>
          <For each={props.universes}>
            {(u) => (
              <tr data-testid="universe-row" data-name={u.name}>
                <td>{u.name}</td>
                <td class="small">{u.symbols ? `${u.symbols.length} listed: ${u.symbols.slice(0, 6).join(', ')}${u.symbols.length > 6 ? '…' : ''}` : describeRule(u)}</td>
                <td class="actions">
                  <A href={`/runs/new?universe=${encodeURIComponent(u.id)}`} data-testid="universe-backtest">Backtest</A>{' '}
                  <A href={`/sweeps/new?universe=${encodeURIComponent(u.id)}`} data-testid="universe-sweep">Sweep</A>{' '}
                  <button type="button" class="small-button" onClick={() => props.onEdit(u)}>Edit</button>{' '}
                  <button type="button" class="small-button" disabled={props.deleting} onClick={() => props.onDelete(u)} data-testid="delete-universe">Delete</button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** A rule in words, as the list shows it: "rule: quoted in USDT, on BYBIT, volume ≥ 1000000, top 30". */
function describeRule(u: UniverseRecord): string {
  const r = u.rule;
  if (!r) return '';
  const parts = [r.quoteAsset && `quoted in ${r.quoteAsset}`, r.exchange && `on ${r.exchange}`, r.minQuoteVolume != null && `volume ≥ ${r.minQuoteVolume}`, r.minListingDays != null && `listed ≥ ${r.minListingDays} days`, `top ${r.maxPairs}`];
  return `rule: ${parts.filter(Boolean).join(', ')}`;
}
