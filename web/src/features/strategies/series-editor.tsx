import { Index, type JSX } from 'solid-js';
import { Problems, useBuilder } from './builder-context.tsx';
import { SeriesBlock } from './blocks.tsx';
import { closeSeries } from './document.ts';

/** Named series (`series`): written once, used anywhere as “named series”. */
export function SeriesEditor(): JSX.Element {
  const builder = useBuilder();
  const entries = () => builder.document.series ?? [];
  return (
    <section class="panel builder-section" data-testid="series-editor">
      <h2>Named series</h2>
      <Problems path="series" />
      <Index each={entries()}>
        {(entry, i) => (
          <div class="named-series" data-series-row={i}>
            <label>
              Name
              <input type="text" value={entry().name} onInput={(e) => builder.write(['series', i, 'name'], e.currentTarget.value)} data-role="series-name" />
            </label>
            <Problems path={`series[${i}]`} />
            <SeriesBlock
              at={{ keys: ['series', i, 'series'], path: `series.${entry().name}` }}
              label={entry().name || `Series ${i + 1}`}
              actions={<button type="button" class="link-button" onClick={() => builder.write(['series', i], undefined)} aria-label={`Remove series ${entry().name}`}>Remove</button>}
            />
          </div>
        )}
      </Index>
      <button type="button" onClick={() => builder.write(['series', entries().length], { name: `series${entries().length + 1}`, series: closeSeries() })} data-testid="add-series">
        Add a named series
      </button>
    </section>
  );
}
