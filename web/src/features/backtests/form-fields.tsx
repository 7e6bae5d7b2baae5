import { createMemo, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { useClient } from '@urql/solid';
import { formatDay, formatInt, isoDay } from '../../lib/format.ts';
import { INTERVALS, offeredTimeframes, type TimeframeOption } from '../../lib/intervals.ts';
import { Field } from '../../ui/field.tsx';
import { MultiSelect, type Choice } from '../../ui/multi-select.tsx';
import { createFormMarkets, type StrategyParam } from './data.ts';
import { SEARCH_SYMBOLS } from './operations.ts';
import { SETTINGS, type FormErrors, type MarketForm, type ParamText, type SettingKey, type SettingValues } from './run-form.ts';

/** The form sections the run and sweep forms share: market and range, strategy parameters, simulation settings. */

export type Markets = ReturnType<typeof createFormMarkets>;

const SEARCH_DEBOUNCE_MS = 200;

/** Stored symbols plus exchange symbols matching what is typed. */
export function createSymbolChoices(markets: Markets) {
  const client = useClient();
  const [found, setFound] = createSignal<Choice[]>([]);
  const [exchangeError, setExchangeError] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const search = (query: string) => {
    clearTimeout(timer);
    if (!query.trim()) return setFound([]);
    timer = setTimeout(async () => {
      const result = await client.query(SEARCH_SYMBOLS, { query: query.trim(), limit: 30 }).toPromise();
      setExchangeError(result.data?.symbols.exchangeError ?? null);
      setFound((result.data?.symbols.symbols ?? []).map((s) => ({ value: s.symbol, note: s.stored ? 'stored' : s.status.toLowerCase() })));
    }, SEARCH_DEBOUNCE_MS);
  };
  const choices = createMemo<Choice[]>(() => {
    const stored = [...new Set(markets.coverage().map((c) => c.symbol))].map((symbol) => ({ value: symbol, note: 'stored' }));
    const storedSet = new Set(stored.map((c) => c.value));
    return [...stored, ...found().filter((c) => !storedSet.has(c.value))];
  });
  return { choices, search, exchangeError };
}

export function storedIntervals(markets: Markets): ReadonlyMap<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of markets.coverage()) map.set(row.symbol, [...(map.get(row.symbol) ?? []), row.interval]);
  return map;
}

export function MarketFields(props: {
  form: MarketForm;
  markets: Markets;
  errors: FormErrors;
  help: Record<string, string>;
  onChange: <K extends keyof MarketForm>(key: K, value: MarketForm[K]) => void;
  symbolsTestId?: string;
}): JSX.Element {
  const symbols = createSymbolChoices(props.markets);
  const offered = createMemo<TimeframeOption[] | null>(() => offeredTimeframes(storedIntervals(props.markets), props.form.symbols));
  const source = () => offered()?.find((o) => o.interval === props.form.timeframe)?.source ?? props.form.timeframe;
  const coverage = createMemo(() =>
    props.form.symbols.map((symbol) => ({ symbol, row: props.markets.coverage().find((c) => c.symbol === symbol && c.interval === source()) })),
  );
  const bounds = createMemo(() => {
    const rows = coverage().map((c) => c.row).filter((r) => r !== undefined);
    if (rows.length === 0 || rows.length !== coverage().length) return null;
    return { min: isoDay(Math.max(...rows.map((r) => Date.parse(r!.first)))), max: isoDay(Math.min(...rows.map((r) => Date.parse(r!.last)))) };
  });
  return (
    <fieldset>
      <legend>Market</legend>
      <Field label="Name" help="Optional; defaults to strategy, symbols and timeframe." field="name" errors={props.errors['name']} wide>
        {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} value={props.form.name} onInput={(e) => props.onChange('name', e.currentTarget.value)} data-testid="name" />}
      </Field>
      <Field label="Symbols" help={props.help['symbols'] ?? 'Type to search stored and exchange symbols.'} field="symbols" errors={props.errors['symbols']} wide>
        {(ids) => (
          <MultiSelect
            id={ids.id}
            describedBy={ids.describedBy}
            invalid={ids.invalid}
            values={props.form.symbols}
            choices={symbols.choices()}
            onChange={(values) => props.onChange('symbols', values)}
            onQuery={symbols.search}
            allowCustom
            normalise={(v) => v.trim().toUpperCase()}
            placeholder="Search symbols…"
            testId={props.symbolsTestId ?? 'symbols'}
          />
        )}
      </Field>
      <Show when={symbols.exchangeError()}>
        <p class="field__hint field--wide">Exchange symbols unavailable ({symbols.exchangeError()}); stored ones are listed.</p>
      </Show>
      <Field
        label="Timeframe"
        help={offered() ? 'Stored timeframes, and longer ones built from stored candles.' : 'Nothing stored for these symbols: candles will be downloaded.'}
        field="timeframe"
        errors={props.errors['timeframe']}
      >
        {(ids) => (
          <select id={ids.id} aria-describedby={ids.describedBy} value={props.form.timeframe} onChange={(e) => props.onChange('timeframe', e.currentTarget.value)} data-testid="timeframe">
            <Show when={props.form.timeframe === ''}><option value="">Choose…</option></Show>
            <For each={offered() ?? INTERVALS.map((interval) => ({ interval, source: interval }))}>
              {(option) => (
                <option value={option.interval}>
                  {option.interval}
                  {option.source !== option.interval ? ` (from ${option.source})` : ''}
                </option>
              )}
            </For>
          </select>
        )}
      </Field>
      <Field label="Start (UTC)" help={props.help['startDate']} field="startDate" errors={props.errors['startDate']}>
        {(ids) => <input id={ids.id} type="date" aria-describedby={ids.describedBy} min={bounds()?.min} max={bounds()?.max} value={props.form.startDate} onInput={(e) => props.onChange('startDate', e.currentTarget.value)} data-testid="start-date" />}
      </Field>
      <Field label="End (UTC, inclusive)" help="The last day included." field="endDate" errors={props.errors['endDate']}>
        {(ids) => <input id={ids.id} type="date" aria-describedby={ids.describedBy} min={bounds()?.min} max={bounds()?.max} value={props.form.endDate} onInput={(e) => props.onChange('endDate', e.currentTarget.value)} data-testid="end-date" />}
      </Field>
      <div class="field--wide coverage" data-testid="coverage">
        <For each={coverage()}>
          {(entry) => (
            <p class="field__hint">
              <strong>{entry.symbol}</strong>{' '}
              <Show when={entry.row} fallback={<>no {source()} candles stored{props.form.symbols.length ? ' (they will be downloaded)' : ''}</>}>
                {(row) => (
                  <>
                    {source()} stored {formatDay(row().first)} → {formatDay(row().last)} · {formatInt(row().count)} candles
                    {row().missingCandles > 0 ? ` · ${formatInt(row().missingCandles)} missing` : ' · no gaps'}
                  </>
                )}
              </Show>
            </p>
          )}
        </For>
      </div>
    </fieldset>
  );
}

export function ParamFields(props: {
  params: readonly StrategyParam[];
  values: ParamText;
  errors: FormErrors;
  field: string;
  onChange: (name: string, value: string | boolean) => void;
  testPrefix?: string;
}): JSX.Element {
  return (
    <div class="params" data-testid={`${props.testPrefix ?? ''}strategy-params`}>
      <For each={props.params}>
        {(param) => (
          <Show
            when={param.type !== 'bool'}
            fallback={
              <label class="field field--check" title={param.description}>
                <input type="checkbox" checked={props.values[param.name] === true} onChange={(e) => props.onChange(param.name, e.currentTarget.checked)} />
                <span>{param.name}</span>
              </label>
            }
          >
            <Field label={param.name} help={`${param.description}${param.min != null || param.max != null ? ` (${param.min ?? '…'}–${param.max ?? '…'})` : ''}`} field={`${props.field}.${param.name}`} errors={props.errors[`${props.field}.${param.name}`]}>
              {(ids) => (
                <input
                  id={ids.id}
                  aria-describedby={ids.describedBy}
                  aria-invalid={ids.invalid}
                  inputmode="decimal"
                  value={String(props.values[param.name] ?? '')}
                  onInput={(e) => props.onChange(param.name, e.currentTarget.value)}
                  data-testid={`${props.testPrefix ?? ''}param-${param.name}`}
                />
              )}
            </Field>
          </Show>
        )}
      </For>
    </div>
  );
}

export function SettingsFields(props: {
  values: SettingValues;
  errors: FormErrors;
  help: Record<string, string>;
  onChange: (key: SettingKey, value: string | boolean) => void;
}): JSX.Element {
  return (
    <fieldset>
      <legend>Account and execution</legend>
      <For each={SETTINGS}>
        {(setting) => {
          const help = () => props.help[setting.key] ?? setting.help;
          if (setting.kind === 'bool') {
            return (
              <label class="field field--check" data-field={setting.key}>
                <input type="checkbox" checked={props.values[setting.key] === true} onChange={(e) => props.onChange(setting.key, e.currentTarget.checked)} data-testid={`setting-${setting.key}`} />
                <span>
                  {setting.label}
                  <span class="field__hint block">{help()}</span>
                </span>
              </label>
            );
          }
          return (
            <Field label={setting.label + (setting.unit ? ` (${setting.unit})` : '')} help={help()} field={setting.key} errors={props.errors[setting.key]}>
              {(ids) =>
                setting.kind === 'choice' ? (
                  <select id={ids.id} aria-describedby={ids.describedBy} value={String(props.values[setting.key])} onChange={(e) => props.onChange(setting.key, e.currentTarget.value)} data-testid={`setting-${setting.key}`}>
                    <For each={setting.choices}>{(choice) => <option value={choice.value}>{choice.label}</option>}</For>
                  </select>
                ) : (
                  <input
                    id={ids.id}
                    aria-describedby={ids.describedBy}
                    aria-invalid={ids.invalid}
                    inputmode="decimal"
                    placeholder={setting.blankMeansOff ? 'off' : undefined}
                    value={String(props.values[setting.key])}
                    onInput={(e) => props.onChange(setting.key, e.currentTarget.value)}
                    data-testid={`setting-${setting.key}`}
                  />
                )
              }
            </Field>
          );
        }}
      </For>
    </fieldset>
  );
}
