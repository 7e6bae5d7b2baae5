import { For, Show, type Accessor, type JSX } from 'solid-js';
import { paramRecord } from '../../lib/values.ts';
import type { Sweep } from './data.ts';
import { HeatmapPanel } from './heatmap-panel.tsx';
import { ResultsPanel } from './results-panel.tsx';
import { placeKey, placeLabel, type Place } from './row-metrics.ts';
import { SensitivityPanel } from './sensitivity-panel.tsx';

/** The tested rows at one place (a window and phase, picked here when there are several): heatmap, sensitivity and the table. */
export function SweepRows(props: {
  sweep: Sweep;
  swept: readonly string[];
  places: readonly Place[];
  place: Place;
  onPlace: (key: string) => void;
  /** Bumped when the rows should be re-read. */
  revision: Accessor<number>;
  hasRows: boolean;
  finished: boolean;
}): JSX.Element {
  return (
    <Show when={props.hasRows} fallback={<p class="state">{props.finished ? 'No combination was tested.' : 'Rows appear here as workers test them.'}</p>}>
      <Show when={props.places.length > 1}>
        <div class="toolbar panel" data-testid="place-picker">
          <label class="inline-field">
            Explore the rows of
            <select value={placeKey(props.place)} onChange={(e) => props.onPlace(e.currentTarget.value)} data-testid="place">
              {/* `selected` per option: the select's own value is set before its options exist. */}
              <For each={props.places}>{(p) => <option value={placeKey(p)} selected={placeKey(p) === placeKey(props.place)}>{placeLabel(p)}</option>}</For>
            </select>
          </label>
        </div>
      </Show>
      <HeatmapPanel sweepId={props.sweep.id} swept={props.swept} place={props.place} revision={props.revision} current={paramRecord(props.sweep.baseParams)} />
      <SensitivityPanel sweepId={props.sweep.id} swept={props.swept} place={props.place} revision={props.revision} />
      <ResultsPanel sweep={props.sweep} place={props.place} swept={props.swept} revision={props.revision} />
    </Show>
  );
}
