import { A, useNavigate } from '@solidjs/router';
import { createSignal, For, type JSX } from 'solid-js';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { createRunBacktest, type RunDetail } from './data.ts';
import { rerunInput, type GapPolicy } from './rerun.ts';

/** A run refused for missing candles: the two policies that run it anyway, one click each (the same request otherwise). */
export function GapAdvice(props: { run: RunDetail }): JSX.Element {
  const navigate = useNavigate();
  const submit = createRunBacktest();
  const [error, setError] = createSignal<ApiError | null>(null);
  const rerun = async (policy: GapPolicy) => {
    const outcome = await submit.execute({ input: rerunInput(props.run, policy) });
    if (outcome.error) setError(apiError(outcome.error));
    else navigate(`/runs/${outcome.data.runBacktest.id}`);
  };
  const choices: Array<{ policy: GapPolicy; label: string; what: string }> = [
    { policy: 'SKIP', label: 'Run again, skipping what is missing', what: 'trades straight through gaps (indicators see the bars on either side as neighbours) and runs on the covered part of the range' },
    { policy: 'FILL', label: 'Run again, filling the gaps', what: 'inserts flat candles at the previous close with no volume, and runs on the covered part of the range' },
  ];
  return (
    <section class="notice" data-testid="gap-advice">
      <p>
        <strong>{props.run.errorCode === 'DATA_RANGE' ? 'The stored candles do not cover the whole range' : 'Missing candles stopped this run'}</strong> (its policy for missing
        candles is “fail”). What is stored is on the <A href={`/market-data/${encodeURIComponent(props.run.symbols[0])}/${props.run.timeframe}`}>market page</A>; downloading or
        importing the candles fixes it, or:
      </p>
      <ul class="plain-list">
        <For each={choices}>
          {(choice) => (
            <li>
              <button type="button" class="small-button" disabled={submit.running()} onClick={() => void rerun(choice.policy)} data-testid={`rerun-${choice.policy}`}>{choice.label}</button>{' '}
              <span class="muted small">{choice.what}</span>
            </li>
          )}
        </For>
      </ul>
      <ErrorBox error={error()} title="The run was not started" />
    </section>
  );
}
