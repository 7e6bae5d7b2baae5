import { Show, type JSX } from 'solid-js';
import { formatInt, formatNumber, formatPercent } from '../../lib/format.ts';
import type { Sweep } from './data.ts';

type Robustness = NonNullable<Sweep['robustness']>;

/** Where the edges of a range were hit, in words: `fast (at its maximum), slow (at its minimum)`. */
export function edgeText(edges: Robustness['edges']): string {
  return edges
    .filter((e) => e.atMin || e.atMax)
    .map((e) => `${e.name} (at its ${e.atMin && e.atMax ? 'only value' : e.atMin ? 'minimum' : 'maximum'})`)
    .join(', ');
}

/**
 * The ground under the best row: how its one-step grid neighbours score (a plateau holds up, a
 * lone spike rarely does) and whether it sits on the edge of a range, where the grid should widen.
 */
export function RobustnessPanel(props: { robustness: Robustness; bestScore: number | null | undefined }): JSX.Element {
  const r = () => props.robustness;
  return (
    <section class="panel" aria-labelledby="robustness-title" data-testid="robustness-panel" data-on-edge={r().onEdge}>
      <h2 id="robustness-title">Robustness of the best row</h2>
      <Show when={r().onEdge}>
        <p class="notice warn" role="alert" data-testid="widen-grid">
          The best row sits on the edge of the swept range of {edgeText(r().edges)}: the optimum may lie outside the grid. <strong>Widen the grid</strong> in that direction and sweep again.
        </p>
      </Show>
      <dl class="counters">
        <div><dt>Grid neighbours</dt><dd>{formatInt(r().neighbours)}</dd></div>
        <div><dt>Beat the current parameters</dt><dd>{formatInt(r().supporting)} of {formatInt(r().neighbours)}</dd></div>
        <div title="Neighbour mean / best score: near 1 on a plateau, low on a spike"><dt>Plateau ratio</dt><dd data-testid="plateau-ratio">{formatNumber(r().plateauRatio)}</dd></div>
        <div title="(supporting + 1) / (neighbours + 2)"><dt>Neighbour support</dt><dd>{formatPercent(r().confidence * 100)}</dd></div>
        <div><dt>Best score</dt><dd>{formatNumber(props.bestScore)}</dd></div>
        <div><dt>Neighbour scores</dt><dd>{formatNumber(r().neighbourMin)} … {formatNumber(r().neighbourMax)} (mean {formatNumber(r().neighbourMean)}, σ {formatNumber(r().neighbourStd)})</dd></div>
      </dl>
    </section>
  );
}
