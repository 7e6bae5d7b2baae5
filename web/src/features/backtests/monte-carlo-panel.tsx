import { createEffect, createSignal, For, on, Show, type JSX } from 'solid-js';
import { createGraphQLQuery } from '../../lib/query.ts';
import { formatDrawdown, formatInt, formatNumber, formatPercent, formatSignedPercent } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Field } from '../../ui/field.tsx';
import { createMonteCarlo, type MonteCarloResult, type MonteCarloVariables } from './data.ts';
import { MONTE_CARLO_LIMITS } from './operations.ts';

type Method = NonNullable<MonteCarloVariables['method']>;

const METHODS: ReadonlyArray<{ value: Method; label: string; help: string }> = [
  { value: 'BOOTSTRAP', label: 'Bootstrap', help: 'Each path draws the trades with replacement: the trades could have come out otherwise.' },
  { value: 'SHUFFLE', label: 'Shuffle', help: 'Each path reorders the same trades: the same final return, other paths to it (drawdowns, streaks).' },
];

const PERCENTILES = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;

/** Iterations that fit under the API's cap (iterations × trades ≤ maxSteps) for this many trades: 10,000 when possible. */
export function suggestedIterations(trades: number, maxSteps: number): number {
  if (trades <= 0) return 10_000;
  return Math.max(100, Math.min(10_000, Math.floor(maxSteps / trades / 100) * 100));
}

/**
 * Monte Carlo of a completed run's per-trade returns (% of equity before each entry): how the same
 * edge could have played out. Seed and method are the user's, so a result can be repeated exactly.
 */
export function MonteCarloPanel(props: { runId: string; trades: number }): JSX.Element {
  const mc = createMonteCarlo();
  // The API's cost cap, read from it: the form suggests and checks iterations that fit.
  const limitsQuery = createGraphQLQuery(MONTE_CARLO_LIMITS, () => ({}), 'cache-first');
  const limits = () => limitsQuery.data()?.monteCarloLimits;
  const [method, setMethod] = createSignal<Method>('BOOTSTRAP');
  const [iterations, setIterations] = createSignal('');
  createEffect(on(limits, (l) => l && iterations() === '' && setIterations(String(suggestedIterations(props.trades, l.maxSteps)))));
  const [seed, setSeed] = createSignal('1');
  const [level, setLevel] = createSignal('20');
  const [problems, setProblems] = createSignal<Record<string, string[]>>({});

  const run = (event: SubmitEvent) => {
    event.preventDefault();
    const found: Record<string, string[]> = {};
    const n = Number(iterations());
    const l = limits();
    if (!Number.isInteger(n) || n < 1) found['iterations'] = ['A whole number from 1'];
    else if (l && n > l.maxIterations) found['iterations'] = [`A whole number from 1 to ${formatInt(l.maxIterations)}`];
    else if (l && n * props.trades > l.maxSteps) found['iterations'] = [`At most ${formatInt(Math.floor(l.maxSteps / props.trades))} for ${formatInt(props.trades)} trades`];
    if (seed().trim() === '' || !Number.isInteger(Number(seed()))) found['seed'] = ['A whole number'];
    if (!(Number(level()) > 0)) found['drawdownLevelPct'] = ['A percent above 0, e.g. 20'];
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    void mc.run({ backtestId: props.runId, method: method(), iterations: n, seed: Number(seed()), drawdownLevelPct: Number(level()) });
  };

  return (
    <div data-testid="monte-carlo">
      <Show when={props.trades > 0} fallback={<p class="muted">No trades to resample.</p>}>
        <form class="filters" onSubmit={run} novalidate data-testid="monte-carlo-form">
          <Field label="Method" help={METHODS.find((m) => m.value === method())?.help} field="method">
            {(ids) => (
              <select id={ids.id} aria-describedby={ids.describedBy} value={method()} onChange={(e) => setMethod(e.currentTarget.value as Method)} data-testid="mc-method">
                <For each={METHODS}>{(m) => <option value={m.value}>{m.label}</option>}</For>
              </select>
            )}
          </Field>
          <Field label="Paths" help={limits() ? `Fits the limit of ${formatInt(limits()!.maxSteps)} trade steps` : undefined} field="iterations" errors={problems()['iterations']}>
            {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} inputmode="numeric" value={iterations()} onInput={(e) => setIterations(e.currentTarget.value)} data-testid="mc-iterations" />}
          </Field>
          <Field label="Seed" help="The same seed gives the same result" field="seed" errors={problems()['seed']}>
            {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} inputmode="numeric" value={seed()} onInput={(e) => setSeed(e.currentTarget.value)} data-testid="mc-seed" />}
          </Field>
          <Field label="Drawdown level (%)" help="Count paths that fall deeper than this" field="drawdownLevelPct" errors={problems()['drawdownLevelPct']}>
            {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} inputmode="decimal" value={level()} onInput={(e) => setLevel(e.currentTarget.value)} data-testid="mc-level" />}
          </Field>
          <div class="field field--actions">
            <button type="submit" class="primary" disabled={mc.running()} data-testid="mc-run">{mc.running() ? 'Simulating…' : 'Simulate'}</button>
          </div>
        </form>
        <ErrorBox error={mc.error()} title="Monte Carlo failed" />
        <Show when={mc.result()} fallback={<p class="muted small">Resamples this run's {formatInt(props.trades)} trade returns into many equity paths: how likely a loss or a deep drawdown is with the same edge.</p>}>
          {(result) => <MonteCarloResultView result={result()} answers={mc.answers()} />}
        </Show>
      </Show>
    </div>
  );
}

function MonteCarloResultView(props: { result: MonteCarloResult; answers: number }): JSX.Element {
  const r = () => props.result;
  const rows: ReadonlyArray<{ label: string; pick: (r: MonteCarloResult) => MonteCarloResult['finalReturnPct']; format: (v: number) => string; key: string }> = [
    { key: 'finalReturnPct', label: 'Final return', pick: (x) => x.finalReturnPct, format: formatSignedPercent },
    { key: 'maxDrawdownPct', label: 'Max drawdown', pick: (x) => x.maxDrawdownPct, format: formatDrawdown },
    { key: 'longestLosingStreak', label: 'Longest losing streak', pick: (x) => x.longestLosingStreak, format: (v) => `${formatNumber(v)} trades` },
  ];
  return (
    <div data-testid="mc-result" data-seed={r().seed} data-method={r().method} data-iterations={r().iterations} data-answers={props.answers}>
      <dl class="counters">
        <div><dt>Probability of a loss</dt><dd data-testid="mc-p-loss" class={r().probabilityOfLoss > 0.5 ? 'loss' : undefined}>{formatPercent(r().probabilityOfLoss * 100)}</dd></div>
        <div><dt>Drawdown beyond {formatPercent(r().drawdownLevelPct)}</dt><dd data-testid="mc-p-drawdown">{formatPercent(r().probabilityOfDrawdownBeyond * 100)}</dd></div>
        <div><dt>Median final return</dt><dd class={r().finalReturnPct.p50 >= 0 ? 'gain' : 'loss'}>{formatSignedPercent(r().finalReturnPct.p50)}</dd></div>
        <div><dt>Worst 5 % end below</dt><dd>{formatSignedPercent(r().finalReturnPct.p5)}</dd></div>
        <div><dt>Longest losing streak seen</dt><dd>{formatInt(r().longestLosingStreakMax)} trades</dd></div>
      </dl>
      <div class="table-wrap">
        <table class="data-table compact" data-testid="mc-percentiles">
          <caption class="muted small">
            {formatInt(r().iterations)} {r().method.toLowerCase()} paths of {formatInt(r().trades)} trades, seed {r().seed}. Percentiles over the paths: a twentieth of them lie at or below the 5 % column
          </caption>
          <thead>
            <tr><th />{PERCENTILES.map((p) => <th class="num">{p.slice(1)} %</th>)}</tr>
          </thead>
          <tbody>
            <For each={rows}>
              {(row) => (
                <tr data-testid={`mc-row-${row.key}`}>
                  <th scope="row">{row.label}</th>
                  <For each={PERCENTILES}>{(p) => <td class="num" data-value={row.pick(r())[p]}>{row.format(row.pick(r())[p])}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
