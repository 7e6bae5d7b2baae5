import { For, type JSX } from 'solid-js';
import { formatInt, formatNumber, formatPercent } from '../../lib/format.ts';
import type { RecommendationDetail } from './data.ts';

/**
 * The confidence taken apart, as the server computes it (its terms and weights come with the
 * recommendation): each term with its weight and what it adds to the base, then the edge-of-grid
 * factor and the calibration multiplier from the track record.
 */
export function ConfidenceView(props: { confidence: RecommendationDetail['confidence'] }): JSX.Element {
  const view = () => props.confidence;
  return (
    <div data-testid="confidence-breakdown">
      <div class="table-wrap">
        <table class="data-table compact">
          <thead><tr><th>Term</th><th class="num">Value</th><th class="num">Weight</th><th class="num">Adds</th><th>What it measures</th></tr></thead>
          <tbody>
            <For each={view().terms}>
              {(term) => (
                <tr data-testid="confidence-term" data-term={term.key} data-value={term.value ?? ''}>
                  <th scope="row">{term.label}</th>
                  <td class="num">{formatNumber(term.value)}</td>
                  <td class="num">× {formatNumber(term.weight)}</td>
                  <td class="num">{term.contribution === null ? '—' : formatNumber(term.contribution)}</td>
                  <td class="small meaning">{term.meaning}</td>
                </tr>
              )}
            </For>
            <tr class="changed">
              <th scope="row">Base</th><td class="num" data-testid="confidence-base">{formatNumber(view().base)}</td><td /><td /><td class="small meaning">The weighted sum of the terms above.</td>
            </tr>
            <tr data-testid="confidence-term" data-term="edgeFactor" data-value={view().edgeFactor ?? ''}>
              <th scope="row">Edge of the grid</th><td class="num">× {formatNumber(view().edgeFactor)}</td><td /><td />
              <td class="small meaning">Lowered for each parameter on the edge of its swept range ({formatInt(view().parametersOnEdge)} here): the optimum may lie outside the grid.</td>
            </tr>
            <tr data-testid="confidence-term" data-term="calibrationMultiplier" data-value={view().calibrationMultiplier ?? ''}>
              <th scope="row">Track record</th><td class="num">× {formatNumber(view().calibrationMultiplier)}</td><td /><td />
              <td class="small meaning">
                min(1, 2 × hit rate) over {formatInt(view().calibrationMeasured)} measured recommendation(s) of this type; expected improvements were scaled by {formatNumber(view().calibrationScale)}.
              </td>
            </tr>
            <tr class="changed">
              <th scope="row">Confidence</th><td class="num" data-testid="confidence-total">{formatPercent(view().score * 100)}</td><td /><td /><td class="small meaning">base × edge × track record, within [0, 1].</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
