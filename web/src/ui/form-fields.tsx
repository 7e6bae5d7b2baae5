import { createEffect, createMemo, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { useClient } from '@urql/solid';
import { INTERVALS } from '../../../domain/intervals.ts';
import { dayOf } from '../lib/dates.ts';
import { formatDay, formatInt } from '../lib/format.ts';
import type { createFormMarkets } from '../lib/form-data.ts';
import { offeredTimeframes, storedIntervalsOf, type TimeframeOption } from '../lib/intervals.ts';
import { SEARCH_SYMBOLS, type SettingDefinition, type StrategyParam } from '../lib/operations.ts';
import { boundsText, labelWithUnit, type FormErrors, type MarketForm, type ParamText, type SettingText, type SettingValues, type TargetRow, type WeightRow } from '../lib/run-settings-form.ts';
import { SYMBOL_HELP, normaliseSymbol, qualifiedChoices } from '../lib/symbols.ts';
import { DateInput } from './date-input.tsx';
import { Field } from './field.tsx';
import { MultiSelect, type Choice } from './multi-select.tsx';
import { TargetRowsField } from './target-rows-field.tsx';
import { WeightRowsField } from './weight-rows-field.tsx';

/** The form sections the run and sweep forms share: market and range, strategy parameters, simulation settings. */

export type Markets = ReturnType<typeof createFormMarkets>;

/** The labels of the fields every form has, shown on the fields and in the summary of what to fix. */
export const FORM_LABELS = { name: 'Name', universe: 'Pairs from', symbols: 'Symbols', timeframe: 'Timeframe', startDate: 'First day (UTC)', endDate: 'Last day (UTC, included)', strategy: 'Strategy' } as const;

/**
 * "Fix the marked fields: Fee rate, Fast EMA (bars)": the fields with problems in the words on the
 * form (a setting's or parameter's label), in the order found.
 */
export function FieldsToFix(props: { errors: FormErrors; definitions: readonly SettingDefinition[]; params: readonly StrategyParam[]; testId?: string }): JSX.Element {
  const label = (key: string): string => {
    if (key in FORM_LABELS) return FORM_LABELS[key as keyof typeof FORM_LABELS];
    const setting = props.definitions.find((d) => d.name === key);
    if (setting) return labelWithUnit(setting);
    const param = props.params.find((p) => key.endsWith(`.${p.name}`));
    return param ? labelWithUnit(param) : key;
  };
  return (
    <Show when={Object.keys(props.errors).length > 0}>
      <p class="form-errors" role="alert" data-testid={props.testId ?? 'form-errors'}>Fix the marked fields: {Object.keys(props.errors).map(label).join(', ')}</p>
    </Show>
  );
}

const SEARCH_DEBOUNCE_MS = 200;

/** Stored symbols plus exchange symbols matching what is typed. */
export function createSymbolChoices(markets: Markets) {
  const client = useClient();
  const [found, setFound] = createSignal<Choice[]>([]);
  const [qualified, setQualified] = createSignal<Choice[]>([]);
  const [exchangeError, setExchangeError] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const search = (query: string) => {
    clearTimeout(timer);
    setQualified(qualifiedChoices(query));
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
    return [...stored, ...[...found(), ...qualified()].filter((c) => !storedSet.has(c.value))];
  });
  return { choices, search, exchangeError };
}

export function storedIntervals(markets: Markets): ReadonlyMap<string, string[]> {
  return storedIntervalsOf(markets.coverage());
}

export function MarketFields(props: {
  form: MarketForm;
  markets: Markets;
  errors: FormErrors;
  onChange: <K extends keyof MarketForm>(key: K, value: MarketForm[K]) => void;
  symbolsTestId?: string;
}): JSX.Element {
  const symbols = createSymbolChoices(props.markets);
  const universe = () => (props.form.universe ? props.markets.universes().find((u) => u.id === props.form.universe) : undefined);
  // What the run trades, as far as the form can know: a listed universe's pairs; a rule's are chosen at the start
  // (any stored market may be one, so every one is offered timeframes from, and no single range is shown).
  const traded = createMemo<readonly string[]>(() => {
    const chosen = universe();
    if (chosen === undefined) return props.form.symbols;
    return chosen.symbols ?? [...new Set(props.markets.coverage().map((c) => c.symbol))];
  });
  const offered = createMemo<TimeframeOption[] | null>(() => offeredTimeframes(storedIntervals(props.markets), traded()));
  // A timeframe the chosen symbols cannot offer is replaced by the first stored one they can.
  createEffect(() => {
    const options = offered();
    if (options && options.length > 0 && !options.some((o) => o.interval === props.form.timeframe)) {
      props.onChange('timeframe', (options.find((o) => o.source === o.interval) ?? options[0]).interval);
    }
  });
  const source = () => offered()?.find((o) => o.interval === props.form.timeframe)?.source ?? props.form.timeframe;
  const coverage = createMemo(() =>
    (universe()?.rule ? [] : traded()).map((symbol) => ({ symbol, row: props.markets.coverage().find((c) => c.symbol === symbol && c.interval === source()) })),
  );
  const bounds = createMemo(() => {
    const rows = coverage().map((c) => c.row).filter((r) => r !== undefined);
    if (rows.length === 0 || rows.length !== coverage().length) return null;
    return { min: dayOf(Math.max(...rows.map((r) => Date.parse(r!.first)))), max: dayOf(Math.min(...rows.map((r) => Date.parse(r!.last)))) };
  });
  return (
    <fieldset>
      <legend>Market</legend>
      <Field label={FORM_LABELS.name} help="Optional; defaults to strategy, symbols and timeframe." field="name" errors={props.errors['name']} wide>
        {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} value={props.form.name} onInput={(e) => props.onChange('name', e.currentTarget.value)} data-testid="name" />}
      </Field>
      <Show when={props.markets.universes().length > 0}>
        <Field
          label={FORM_LABELS.universe}
          help={universe()?.rule ? 'A rule universe: its pairs are chosen from the candles stored before the first day, and share the capital.' : 'Symbols typed here, or a stored universe (the Universes page) whose pairs share the capital.'}
          field="universe"
          errors={props.errors['universe']}
          wide
        >
          {(ids) => (
            <select id={ids.id} aria-describedby={ids.describedBy} value={props.form.universe ?? ''} onChange={(e) => props.onChange('universe', e.currentTarget.value)} data-testid="universe">
              <option value="">The symbols below</option>
              <For each={props.markets.universes()}>{(u) => <option value={u.id}>{`Universe: ${u.name}`}</option>}</For>
            </select>
          )}
        </Field>
      </Show>
      <Show when={!props.form.universe}>
        <Field label={FORM_LABELS.symbols} help={`Type to search stored and exchange symbols; Enter adds one. ${SYMBOL_HELP}`} field="symbols" errors={props.errors['symbols']} wide>
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
              normalise={normaliseSymbol}
              placeholder="Search symbols…"
              testId={props.symbolsTestId ?? 'symbols'}
            />
          )}
        </Field>
        <Show when={symbols.exchangeError()}>
          <p class="field__hint field--wide">Exchange symbols unavailable ({symbols.exchangeError()}); stored ones are listed.</p>
        </Show>
      </Show>
      <Field
        label={FORM_LABELS.timeframe}
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
      <Field label={FORM_LABELS.startDate} help="Trading starts at 00:00 UTC of this day." field="startDate" errors={props.errors['startDate']}>
        {(ids) => <DateInput id={ids.id} describedBy={ids.describedBy} invalid={ids.invalid} min={bounds()?.min} max={bounds()?.max} value={props.form.startDate} onChange={(value) => props.onChange('startDate', value)} testId="start-date" />}
      </Field>
      <Field label={FORM_LABELS.endDate} help="The whole of this day is traded." field="endDate" errors={props.errors['endDate']}>
        {(ids) => <DateInput id={ids.id} describedBy={ids.describedBy} invalid={ids.invalid} min={bounds()?.min} max={bounds()?.max} value={props.form.endDate} onChange={(value) => props.onChange('endDate', value)} testId="end-date" />}
      </Field>
      <div class="field--wide coverage" data-testid="coverage">
        <For each={coverage()}>
          {(entry) => (
            <p class="field__hint">
              <strong>{entry.symbol}</strong>{' '}
              <Show when={entry.row} fallback={<>no {source()} candles stored{traded().length ? ' (they will be downloaded)' : ''}</>}>
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
  /** Shown in empty inputs: what the server will fill in (a preset's value). */
  placeholders?: Record<string, string>;
}): JSX.Element {
  return (
    <div class="params" data-testid={`${props.testPrefix ?? ''}strategy-params`}>
      <For each={props.params}>
        {(param) => (
          <Show
            when={param.type !== 'bool'}
            fallback={
              <label class="field field--check" data-field={`${props.field}.${param.name}`}>
                <input type="checkbox" checked={props.values[param.name] === true} onChange={(e) => props.onChange(param.name, e.currentTarget.checked)} data-testid={`${props.testPrefix ?? ''}param-${param.name}`} />
                <span>
                  {labelWithUnit(param)}
                  <span class="field__hint block">{param.description}</span>
                </span>
              </label>
            }
          >
            <Field label={labelWithUnit(param)} help={`${param.description}${param.min != null || param.max != null ? ` (${param.min ?? '…'}–${param.max ?? '…'})` : ''}`} field={`${props.field}.${param.name}`} errors={props.errors[`${props.field}.${param.name}`]}>
              {(ids) => (
                <input
                  id={ids.id}
                  aria-describedby={ids.describedBy}
                  aria-invalid={ids.invalid}
                  inputmode="decimal"
                  placeholder={props.placeholders?.[param.name]}
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

/** Help under a setting: its description, for a choice what the chosen value does, for a number its bounds. */
function settingHelp(definition: SettingDefinition, value: SettingText | undefined): string {
  const choice = definition.choices.find((c) => c.value === value);
  if (choice) return `${definition.description}. ${choice.description}.`;
  const bounds = boundsText(definition);
  return bounds ? `${definition.description} (${bounds})` : definition.description;
}

/** The account, execution and data settings, each rendered from its server definition (label, unit, kind, choices). */
export function SettingsFields(props: {
  definitions: readonly SettingDefinition[];
  values: SettingValues;
  errors: FormErrors;
  onChange: (name: string, value: SettingText) => void;
  /** Shown in empty inputs: what the server will fill in (a preset's value). */
  placeholders?: Record<string, string>;
  /** The run's symbols: what target weights choose from. */
  symbols: readonly string[];
}): JSX.Element {
  return (
    <fieldset>
      <legend>Account and execution</legend>
      <For each={props.definitions}>
        {(setting) => {
          if (setting.kind === 'TARGETS' || setting.kind === 'WEIGHTS') {
            const rows = () => {
              const value = props.values[setting.name];
              return Array.isArray(value) ? value : [];
            };
            // The API names a list's entries (scaleOutTargets[1].fraction): all of them belong to this field.
            const errors = () => Object.entries(props.errors).flatMap(([key, messages]) => (key === setting.name || key.startsWith(`${setting.name}[`) ? messages : []));
            const onChange = (next: SettingText) => props.onChange(setting.name, next);
            return setting.kind === 'TARGETS' ? (
              <TargetRowsField setting={setting} rows={rows() as TargetRow[]} errors={errors()} onChange={onChange} />
            ) : (
              <WeightRowsField setting={setting} rows={rows() as WeightRow[]} symbols={props.symbols} errors={errors()} onChange={onChange} />
            );
          }
          if (setting.kind === 'BOOL') {
            return (
              <label class="field field--check" data-field={setting.name}>
                <input type="checkbox" checked={props.values[setting.name] === true} onChange={(e) => props.onChange(setting.name, e.currentTarget.checked)} data-testid={`setting-${setting.name}`} />
                <span>
                  {labelWithUnit(setting)}
                  <span class="field__hint block">{setting.description}</span>
                </span>
              </label>
            );
          }
          return (
            <Field label={labelWithUnit(setting)} help={settingHelp(setting, props.values[setting.name])} field={setting.name} errors={props.errors[setting.name]} wide={setting.kind === 'ENUM' && setting.choices.some((c) => c.label.length > 34)}>
              {(ids) =>
                setting.kind === 'ENUM' ? (
                  <select id={ids.id} aria-describedby={ids.describedBy} value={String(props.values[setting.name])} onChange={(e) => props.onChange(setting.name, e.currentTarget.value)} data-testid={`setting-${setting.name}`}>
                    <For each={setting.choices}>{(choice) => <option value={choice.value} selected={choice.value === props.values[setting.name]}>{choice.label}</option>}</For>
                  </select>
                ) : (
                  <input
                    id={ids.id}
                    aria-describedby={ids.describedBy}
                    aria-invalid={ids.invalid}
                    inputmode="decimal"
                    placeholder={props.placeholders?.[setting.name] ?? (setting.nullable ? 'off' : undefined)}
                    data-min={setting.min ?? undefined}
                    data-max={setting.max ?? undefined}
                    value={String(props.values[setting.name] ?? '')}
                    onInput={(e) => props.onChange(setting.name, e.currentTarget.value)}
                    data-testid={`setting-${setting.name}`}
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
