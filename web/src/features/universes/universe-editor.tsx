import { For, Show, type JSX } from 'solid-js';
import { EXCHANGES } from '../../../../domain/symbols.ts';
import type { UniverseDraft } from './universe-form.ts';

/**
 * The editor's fields: a name and either a list of pairs or a rule over the stored candles (quote, exchange, volume, age).
 * A field left empty takes the schema's default (`defaults`, by input field), shown as its placeholder.
 */
export function UniverseEditor(props: { draft: UniverseDraft; defaults: Record<string, string>; set: <K extends keyof UniverseDraft>(key: K, value: UniverseDraft[K]) => void; saving: boolean; editing: boolean; onSave: (event: Event) => void }): JSX.Element {
  const draft = () => props.draft;
  const set = props.set;
  return (
        <form class="universe-form" onSubmit={(e) => props.onSave(e)} data-testid="universe-editor">
          <label>Name <input value={draft().name} onInput={(e) => set('name', e.currentTarget.value)} required /></label>
          <fieldset class="choices">
            <legend>Pairs from</legend>
            <label class="choice"><input type="radio" name="kind" checked={draft().kind === 'LIST'} onChange={() => set('kind', 'LIST')} /> a list</label>
            <label class="choice"><input type="radio" name="kind" checked={draft().kind === 'RULE'} onChange={() => set('kind', 'RULE')} /> a rule over the stored candles</label>
          </fieldset>
          <Show
            when={draft().kind === 'RULE'}
            fallback={
              <label class="wide">
                Pairs (comma or space separated; EXCHANGE:BASE/QUOTE for other exchanges)
                <textarea rows={3} value={draft().symbols} onInput={(e) => set('symbols', e.currentTarget.value)} />
              </label>
            }
          >
            <label>Quote asset <input value={draft().quoteAsset} onInput={(e) => set('quoteAsset', e.currentTarget.value)} /></label>
            <label>
              Exchange
              <select value={draft().exchange} onChange={(e) => set('exchange', e.currentTarget.value)}>
                <option value="">every exchange</option>
                <For each={EXCHANGES}>{(x) => <option value={x}>{x}</option>}</For>
              </select>
            </label>
            <label>Min mean daily quote volume <input inputmode="decimal" value={draft().minQuoteVolume} onInput={(e) => set('minQuoteVolume', e.currentTarget.value)} /></label>
            <label>Min listing age (days) <input inputmode="decimal" value={draft().minListingDays} onInput={(e) => set('minListingDays', e.currentTarget.value)} /></label>
            <label>Max pairs <input inputmode="numeric" placeholder={defaultText(props.defaults.maxPairs)} value={draft().maxPairs} onInput={(e) => set('maxPairs', e.currentTarget.value)} /></label>
            <label>Volume lookback (days) <input inputmode="numeric" placeholder={defaultText(props.defaults.lookbackDays)} value={draft().lookbackDays} onInput={(e) => set('lookbackDays', e.currentTarget.value)} /></label>
          </Show>
          <div class="form-actions">
            <button type="submit" disabled={props.saving}>{props.editing ? 'Save' : 'Create'}</button>
          </div>
        </form>
  );
}

const defaultText = (value: string | undefined) => (value === undefined ? undefined : `default ${value}`);
