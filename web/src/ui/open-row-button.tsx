import { A, useNavigate } from '@solidjs/router';
import { createSignal, Show, type JSX } from 'solid-js';
import { apiError } from '../lib/errors.ts';
import { OPEN_ROW } from '../lib/operations.ts';
import { createGraphQLMutation } from '../lib/query.ts';

/**
 * Any tested row (in or out of sample) as a full backtest: a link to its run once opened, else a
 * button that opens it (the server reuses the run if it exists) and goes there.
 */
export function OpenRowButton(props: { row: { id: string; run?: { id: string } | null }; label?: string }): JSX.Element {
  const navigate = useNavigate();
  const open = createGraphQLMutation(OPEN_ROW);
  const [problem, setProblem] = createSignal<string | null>(null);
  const go = async () => {
    setProblem(null);
    const outcome = await open.execute({ id: props.row.id });
    if (outcome.error) setProblem(apiError(outcome.error)?.message ?? 'Could not open it');
    else navigate(`/runs/${outcome.data.openOptimizationRow.id}`);
  };
  return (
    <Show
      when={props.row.run}
      fallback={
        <>
          <button type="button" class="small-button" disabled={open.running()} onClick={() => void go()} data-testid="open-backtest" title="Run this parameter set as a full backtest on the row's own candles">
            {open.running() ? 'Opening…' : (props.label ?? 'Open as backtest')}
          </button>
          <Show when={problem()}><span class="field__errors" role="alert">{problem()}</span></Show>
        </>
      }
    >
      {(run) => <A href={`/runs/${run().id}`} data-testid="open-run">Open run</A>}
    </Show>
  );
}
