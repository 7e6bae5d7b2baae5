import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ErrorBox } from '../components/error-box.tsx';
import { RecentRuns } from '../components/recent-runs.tsx';
import { RunStatus } from '../components/run-status.tsx';
import { defaultParamValues, parseParamValues, StrategyParams, type ParamValues } from '../components/strategy-params.tsx';
import {
  apiError,
  createBacktestProgress,
  createBacktestResult,
  createMarketCoverage,
  createRecentRuns,
  createRunBacktest,
  createStrategies,
  type ApiError,
} from '../graphql/data.ts';
import type { GapPolicy, RunBacktestInput, SizingMode } from '../graphql/operations.ts';
import { isoDay } from '../lib/format.ts';

const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'] as const;
const GAP_POLICIES: GapPolicy[] = ['FAIL', 'SKIP', 'FILL'];
const SIZING_MODES: Array<{ value: SizingMode; label: string }> = [
  { value: 'FIXED_QUOTE', label: 'Fixed amount (quote)' },
  { value: 'PERCENT_EQUITY', label: '% of equity' },
  { value: 'RISK_PERCENT', label: '% of equity at risk' },
];
const DAY_MS = 86_400_000;

/** The offline sample data the app seeds, used until `marketData` says otherwise. */
export const SAMPLE_DEFAULTS = { symbols: 'SYNTH-BTCUSDT', timeframe: '5m', startDate: '2024-01-01', endDate: '2024-12-31' } as const;

interface FormState {
  name: string;
  symbols: string;
  timeframe: string;
  startDate: string;
  endDate: string;
  strategy: string;
  params: ParamValues;
  initialCapital: string;
  positionSize: string;
  sizingMode: SizingMode;
  feeRate: string;
  gapPolicy: GapPolicy;
}

/** `YYYY-MM-DD` (UTC midnight) to an ISO timestamp; `inclusiveEnd` moves it to the next midnight. */
function dayToIso(day: string, inclusiveEnd = false): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? day : new Date(ms + (inclusiveEnd ? DAY_MS : 0)).toISOString();
}

export function NewBacktest(): JSX.Element {
  const strategies = createStrategies();
  const market = createMarketCoverage();
  const submit = createRunBacktest();
  const recent = createRecentRuns(10);

  const [form, setForm] = createStore<FormState>({
    name: '',
    ...SAMPLE_DEFAULTS,
    strategy: '',
    params: {},
    initialCapital: '10000',
    positionSize: '1000',
    sizingMode: 'FIXED_QUOTE',
    feeRate: '0.001',
    gapPolicy: 'FAIL',
  });
  const [touched, setTouched] = createSignal(false);
  const [submitError, setSubmitError] = createSignal<ApiError | null>(null);
  const [run, setRun] = createSignal<{ id: string; name: string } | null>(null);

  const runId = () => run()?.id ?? null;
  const live = createBacktestProgress(runId);
  const outcome = createBacktestResult(runId, live.finished);

  const selected = createMemo(() => strategies.strategies().find((s) => s.name === form.strategy));

  // First strategy selected once the list arrives; a strategy change resets its params to the defaults.
  createEffect(() => {
    const list = strategies.strategies();
    if (!form.strategy && list.length > 0) setForm('strategy', list[0].name);
  });
  createEffect(on(selected, (strategy) => setForm('params', defaultParamValues(strategy?.params ?? []))));

  // Stored data, when the server reports it, replaces the sample defaults (unless the user already typed).
  createEffect(() => {
    const coverage = market.coverage();
    if (coverage.length === 0 || touched()) return;
    const first = coverage.find((c) => c.symbol === SAMPLE_DEFAULTS.symbols && c.timeframe === SAMPLE_DEFAULTS.timeframe) ?? coverage[0];
    setForm({
      symbols: first.symbol,
      ...(first.timeframe ? { timeframe: first.timeframe } : {}),
      ...(first.fromMs != null ? { startDate: isoDay(first.fromMs) } : {}),
      ...(first.toMs != null ? { endDate: isoDay(first.toMs - 1) } : {}),
    });
  });

  // A finished run shows up in the recent list.
  createEffect(on(live.finished, (finished) => finished && recent.refresh(), { defer: true }));

  const update = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setTouched(true);
    setForm(key, value as never);
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSubmitError(null);
    const params = selected()?.params ?? [];
    const input: RunBacktestInput = {
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      symbols: form.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
      timeframe: form.timeframe,
      startDate: dayToIso(form.startDate),
      endDate: dayToIso(form.endDate, true),
      strategy: form.strategy,
      strategyParams: parseParamValues(params, form.params),
      initialCapital: Number(form.initialCapital),
      positionSize: Number(form.positionSize),
      sizingMode: form.sizingMode,
      feeRate: Number(form.feeRate),
      gapPolicy: form.gapPolicy,
    };
    const result = await submit.run({ input });
    const created = result.data?.runBacktest;
    if (result.error || !created) {
      setSubmitError(apiError(result.error) ?? { message: 'No run was created', code: 'UNKNOWN_ERROR' });
      return;
    }
    setRun({ id: created.id, name: created.name });
    recent.refresh();
  };

  return (
    <div class="layout">
      <form class="panel backtest-form" onSubmit={onSubmit} data-testid="backtest-form" novalidate>
        <h1>New backtest</h1>
        <ErrorBox error={strategies.error()} title="Could not load strategies" />

        <fieldset>
          <legend>Market</legend>
          <label class="field field--wide">
            <span class="field__label">Name</span>
            <input name="name" data-testid="name" placeholder="optional" value={form.name} onInput={(e) => update('name', e.currentTarget.value)} />
          </label>
          <label class="field field--wide">
            <span class="field__label">Symbols</span>
            <input
              name="symbols"
              data-testid="symbols"
              list="known-symbols"
              value={form.symbols}
              onInput={(e) => update('symbols', e.currentTarget.value)}
            />
            <span class="field__hint">Comma-separated, e.g. BTCUSDT, ETHUSDT</span>
            <datalist id="known-symbols">
              <For each={[...new Set(market.coverage().map((c) => c.symbol))]}>{(symbol) => <option value={symbol} />}</For>
            </datalist>
          </label>
          <label class="field">
            <span class="field__label">Timeframe</span>
            <select name="timeframe" data-testid="timeframe" value={form.timeframe} onChange={(e) => update('timeframe', e.currentTarget.value)}>
              <For each={TIMEFRAMES}>{(tf) => <option value={tf}>{tf}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span class="field__label">Start date (UTC)</span>
            <input type="date" name="startDate" data-testid="start-date" value={form.startDate} onInput={(e) => update('startDate', e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="field__label">End date (UTC, inclusive)</span>
            <input type="date" name="endDate" data-testid="end-date" value={form.endDate} onInput={(e) => update('endDate', e.currentTarget.value)} />
          </label>
          <Show when={market.loaded() && market.coverage().length === 0}>
            <div class="field--wide notice" data-testid="no-data">
              <p>No candles are stored yet. A backtest of a real symbol downloads its history from Binance; without network, load the synthetic sample markets (one year of SYNTH-BTCUSDT and SYNTH-ETHUSDT).</p>
              <button type="button" data-testid="load-sample" disabled={market.loadingSample()} onClick={() => void market.loadSample()}>
                {market.loadingSample() ? 'Loading…' : 'Load sample data'}
              </button>
              <ErrorBox error={market.sampleError()} />
            </div>
          </Show>
          <Show when={market.coverage().length > 0}>
            <p class="field__hint field--wide" data-testid="coverage">
              Stored data:{' '}
              {market
                .coverage()
                .map((c) => `${c.symbol} ${c.timeframe ?? ''} ${c.fromMs != null ? isoDay(c.fromMs) : '?'} → ${c.toMs != null ? isoDay(c.toMs - 1) : '?'}`)
                .join('; ')}
            </p>
          </Show>
        </fieldset>

        <fieldset>
          <legend>Strategy</legend>
          <label class="field field--wide">
            <span class="field__label">Strategy</span>
            <select name="strategy" data-testid="strategy" value={form.strategy} onChange={(e) => update('strategy', e.currentTarget.value)} disabled={strategies.loading()}>
              <For each={strategies.strategies()}>{(s) => <option value={s.name}>{s.name}</option>}</For>
            </select>
            <Show when={selected()}>{(s) => <span class="field__hint">{s().description}</span>}</Show>
          </label>
          <StrategyParams params={selected()?.params ?? []} values={form.params} onChange={(name, value) => { setTouched(true); setForm('params', name, value); }} />
          <Show when={(selected()?.constraints.length ?? 0) > 0}>
            <p class="field__hint field--wide">Constraints: {selected()?.constraints.join(', ')}</p>
          </Show>
        </fieldset>

        <fieldset>
          <legend>Account</legend>
          <label class="field">
            <span class="field__label">Initial capital</span>
            <input type="number" name="initialCapital" data-testid="initial-capital" min="0" step="any" value={form.initialCapital} onInput={(e) => update('initialCapital', e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="field__label">Position size</span>
            <input type="number" name="positionSize" data-testid="position-size" min="0" step="any" value={form.positionSize} onInput={(e) => update('positionSize', e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="field__label">Sizing</span>
            <select name="sizingMode" data-testid="sizing-mode" value={form.sizingMode} onChange={(e) => update('sizingMode', e.currentTarget.value as SizingMode)}>
              <For each={SIZING_MODES}>{(m) => <option value={m.value}>{m.label}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span class="field__label">Fee rate</span>
            <input type="number" name="feeRate" data-testid="fee-rate" min="0" max="0.1" step="0.0001" value={form.feeRate} onInput={(e) => update('feeRate', e.currentTarget.value)} />
            <span class="field__hint">Fraction per fill (0.001 = 0.1%)</span>
          </label>
          <label class="field">
            <span class="field__label">Gaps in data</span>
            <select name="gapPolicy" data-testid="gap-policy" value={form.gapPolicy} onChange={(e) => update('gapPolicy', e.currentTarget.value as GapPolicy)}>
              <For each={GAP_POLICIES}>{(g) => <option value={g}>{g}</option>}</For>
            </select>
          </label>
        </fieldset>

        <ErrorBox error={submitError()} title="The backtest was not started" />
        <div class="actions">
          <button type="submit" data-testid="run-button" disabled={submit.running() || !form.strategy}>
            {submit.running() ? 'Starting…' : 'Run backtest'}
          </button>
        </div>
      </form>

      <div class="side">
        <Show when={run()} fallback={<section class="panel muted-panel"><p class="muted">Start a backtest to follow its progress here.</p></section>}>
          {(current) => <RunStatus runName={current().name} progress={live.progress()} result={outcome.result()} error={live.error()} />}
        </Show>
        <ErrorBox error={recent.error()} title="Could not load recent runs" />
        <RecentRuns runs={recent.runs()} />
      </div>
    </div>
  );
}
