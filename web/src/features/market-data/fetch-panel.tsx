import { isTerminal } from '../../../../domain/statuses.ts';
import { useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, on, Show, type JSX } from 'solid-js';
import { apiError, fieldErrorsOf, type ApiError } from '../../lib/errors.ts';
import { dayOf, lastDayToApi, startDayToApi } from '../../lib/dates.ts';
import { DateInput } from '../../ui/date-input.tsx';
import { formatDateTime, formatDuration, formatInt } from '../../lib/format.ts';
import { INTERVALS } from '../../../../domain/intervals.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createCancelFetch, createFetchHistory, createFetchProgress } from './data.ts';
import { SYMBOL_HELP, exchangeOf, normaliseSymbol } from '../../lib/symbols.ts';

const DAY_MS = 86_400_000;

/** Download history from an exchange with live progress; the fetch id is in the URL so a reload keeps following it. */
export function FetchPanel(props: { onDone: () => void }): JSX.Element {
  const [search, setSearch] = useSearchParams<{ fetch?: string }>();
  const start = createFetchHistory();
  const cancel = createCancelFetch();
  const progress = createFetchProgress(() => search.fetch ?? null);
  const [symbol, setSymbol] = createSignal('BTCUSDT');
  const [interval, setInterval] = createSignal('1h');
  const [from, setFrom] = createSignal(dayOf(Date.now() - 30 * DAY_MS));
  const [to, setTo] = createSignal(dayOf(Date.now()));
  const [market, setMarket] = createSignal<'SPOT' | 'FUTURES'>('SPOT');
  const [error, setError] = createSignal<ApiError | null>(null);
  const [fields, setFields] = createSignal<Record<string, string[]>>({});
  const state = () => progress.state();
  createEffect(on(() => state()?.status, (status) => isTerminal(status) && props.onDone(), { defer: true }));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    const outcome = await start.execute({
      input: { symbol: normaliseSymbol(symbol()), interval: interval(), from: startDayToApi(from()) ?? '', to: lastDayToApi(to()) ?? '', market: market() },
    });
    if (outcome.error) {
      const sorted = fieldErrorsOf(outcome.error);
      setFields(sorted.fields);
      setError(sorted.general ?? apiError(outcome.error));
      return;
    }
    setFields({});
    setSearch({ fetch: outcome.data.fetchHistory.id });
  };

  return (
    <section class="panel" aria-labelledby="fetch-title" data-testid="fetch-panel">
      <h2 id="fetch-title">Download history</h2>
      <form class="filters" onSubmit={submit}>
        <label class="field"><span class="field__label">Symbol</span><input value={symbol()} onInput={(e) => setSymbol(e.currentTarget.value)} aria-invalid={!!fields()['symbol']} title={SYMBOL_HELP} data-testid="fetch-symbol" /></label>
        <label class="field"><span class="field__label">Interval</span>
          <select value={interval()} onChange={(e) => setInterval(e.currentTarget.value)}>{INTERVALS.map((i) => <option value={i}>{i}</option>)}</select>
        </label>
        <label class="field"><span class="field__label">From (UTC)</span><DateInput value={from()} onChange={setFrom} /></label>
        <label class="field"><span class="field__label">To (UTC, inclusive)</span><DateInput value={to()} onChange={setTo} /></label>
        <label class="field"><span class="field__label">Market</span>
          <select value={market()} onChange={(e) => setMarket(e.currentTarget.value as 'SPOT' | 'FUTURES')}><option value="SPOT">Spot</option><option value="FUTURES">USDⓈ-M futures</option></select>
        </label>
        <div class="field field--actions"><button type="submit" class="primary" disabled={start.running()}>{start.running() ? 'Checking…' : 'Download'}</button></div>
      </form>
      <Show when={start.running()}>
        <p class="muted small" role="status" data-testid="fetch-checking">Asking {exchangeOf(symbol())} whether it lists {normaliseSymbol(symbol())}…</p>
      </Show>
      <p class="muted small">{SYMBOL_HELP} Futures are Binance's only. Only candles missing from the store are requested; the still-open candle is never stored.</p>
      <ErrorBox error={error()} title="The download was not started" />
      <Show when={state()}>
        {(s) => (
          <div class="fetch-progress" aria-live="polite" data-testid="fetch-progress">
            <p>
              {s().symbol} {s().interval} <StatusBadge status={s().status} /> · {formatInt(s().candlesStored)} candles stored · covered to {formatDateTime(s().coveredTo)}
              {s().etaSeconds != null && !isTerminal(s().status) ? ` · ETA ${formatDuration(s().etaSeconds! * 1000)}` : ''}
            </p>
            <ProgressBar value={s().percent / 100} label="Download progress" tone={s().status === 'COMPLETED' ? 'done' : isTerminal(s().status) ? 'failed' : 'running'} testId="fetch-progress-bar" />
            <Show when={s().message}><p class="muted small">{s().message}</p></Show>
            <Show when={!isTerminal(s().status)}>
              <button type="button" class="danger" disabled={cancel.running()} onClick={async () => setError(apiError((await cancel.execute({ id: s().fetchId })).error))}>Cancel download</button>
            </Show>
          </div>
        )}
      </Show>
      <ErrorBox error={progress.error()} title="Lost the download's progress" />
    </section>
  );
}
