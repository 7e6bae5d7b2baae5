import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { formatDateTime, formatParams } from '../lib/format.ts';
import type { Preset } from '../lib/operations.ts';
import { paramRecord, settingRecord } from '../lib/values.ts';

/** Says that a preset exists and what it holds; blank fields take its values on the server. */
export function PresetNotice(props: { preset: Preset | null; onFill: () => void; onLeave: () => void }): JSX.Element {
  return (
    <Show when={props.preset}>
      {(p) => (
        <div class="notice field--wide" data-testid="preset-notice" data-preset-id={p().id}>
          <p>
            <strong>A preset exists</strong> for {p().strategyTitle} on {p().symbol} {p().timeframe}
            <Show when={p().recommendationId}>{(id) => <> (from <A href={`/recommendations/${id()}`}>an applied recommendation</A>)</>}</Show>, updated {formatDateTime(p().updatedAt)}:
          </p>
          <p class="small">
            <Show when={p().params.length > 0}>Parameters {formatParams(paramRecord(p().params))}. </Show>
            <Show when={p().settings.length > 0}>Settings {formatParams(settingRecord(p().settings))}.</Show>
          </p>
          <p class="small">Fields left blank (marked "preset") are left out of the request, and the server fills them from the preset.</p>
          <div class="toolbar">
            <button type="button" class="small-button" onClick={() => props.onLeave()} data-testid="preset-leave">Leave them to the preset</button>
            <button type="button" class="small-button" onClick={() => props.onFill()} data-testid="preset-fill">Write the preset's values in</button>
          </div>
        </div>
      )}
    </Show>
  );
}
