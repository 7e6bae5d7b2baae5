import { createSignal, For, Show, type JSX } from 'solid-js';
import { fieldErrorsOf, type ApiError } from '../../lib/errors.ts';
import { formatDateTime, formatInt } from '../../lib/format.ts';
import { INTERVALS } from '../../../../domain/intervals.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { createImport, fileContent, guessFromFileName, type FileFormat, type ImportResult } from './data.ts';

const FORMATS: Array<{ value: FileFormat; label: string }> = [
  { value: 'BINANCE_ARCHIVE', label: 'Binance archive (.zip)' },
  { value: 'BINANCE_CSV', label: 'Binance kline CSV (no header)' },
  { value: 'CSV', label: 'OHLCV CSV with header' },
];

/** Import a candle file chosen with the picker or dropped on the zone; shows what was stored and every gap. */
export function ImportPanel(props: { onImported: () => void }): JSX.Element {
  const run = createImport();
  const [file, setFile] = createSignal<File | null>(null);
  const [symbol, setSymbol] = createSignal('');
  const [interval, setInterval] = createSignal('');
  const [format, setFormat] = createSignal<FileFormat>('CSV');
  const [dragging, setDragging] = createSignal(false);
  const [result, setResult] = createSignal<ImportResult | null>(null);
  const [error, setError] = createSignal<ApiError | null>(null);
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string[]>>({});

  const choose = async (chosen: File | undefined | null) => {
    if (!chosen) return;
    setFile(chosen);
    setResult(null);
    const firstLine = chosen.name.toLowerCase().endsWith('.zip') ? null : (await chosen.slice(0, 512).text()).split(/\r?\n/)[0];
    const guess = guessFromFileName(chosen.name, firstLine);
    if (guess.symbol) setSymbol(guess.symbol);
    if (guess.interval) setInterval(guess.interval);
    setFormat(guess.format);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = file();
    const missing: Record<string, string[]> = {};
    if (!chosen) missing['file'] = ['Choose or drop a file'];
    if (!symbol().trim()) missing['symbol'] = ['Enter the symbol the file holds'];
    if (!interval()) missing['interval'] = ['Choose the interval'];
    setFieldErrors(missing);
    setError(null);
    if (Object.keys(missing).length > 0 || !chosen) return;
    const outcome = await run.execute({ input: { symbol: symbol().trim().toUpperCase(), interval: interval(), format: format(), content: await fileContent(chosen, format()) } });
    if (outcome.error) {
      const sorted = fieldErrorsOf(outcome.error);
      setFieldErrors(sorted.fields);
      setError(sorted.general);
      return;
    }
    setResult(outcome.data.importCandles);
    props.onImported();
  };

  return (
    <section class="panel" aria-labelledby="import-title" data-testid="import-panel">
      <h2 id="import-title">Import a file</h2>
      <form onSubmit={submit}>
        <label
          class={`drop-zone${dragging() ? ' drop-zone--over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void choose(e.dataTransfer?.files[0]);
          }}
          data-testid="drop-zone"
        >
          <input type="file" accept=".csv,.zip,text/csv,application/zip" class="visually-hidden" onChange={(e) => void choose(e.currentTarget.files?.[0])} data-testid="import-file" />
          <span>{file() ? file()!.name : 'Drop a Binance archive or CSV here, or choose a file'}</span>
        </label>
        <Show when={fieldErrors()['file']}><p class="field__errors" role="alert">{fieldErrors()['file']!.join('; ')}</p></Show>
        <div class="filters">
          <label class="field"><span class="field__label">Symbol</span><input value={symbol()} onInput={(e) => setSymbol(e.currentTarget.value)} aria-invalid={!!fieldErrors()['symbol']} data-testid="import-symbol" />
            <Show when={fieldErrors()['symbol']}><span class="field__errors">{fieldErrors()['symbol']!.join('; ')}</span></Show>
          </label>
          <label class="field"><span class="field__label">Interval</span>
            <select value={interval()} onChange={(e) => setInterval(e.currentTarget.value)} data-testid="import-interval">
              <option value="">Choose…</option>
              {INTERVALS.map((i) => <option value={i}>{i}</option>)}
            </select>
            <Show when={fieldErrors()['interval']}><span class="field__errors">{fieldErrors()['interval']!.join('; ')}</span></Show>
          </label>
          <label class="field"><span class="field__label">Format</span>
            <select value={format()} onChange={(e) => setFormat(e.currentTarget.value as FileFormat)} data-testid="import-format">
              <For each={FORMATS}>{(f) => <option value={f.value}>{f.label}</option>}</For>
            </select>
          </label>
          <div class="field field--actions"><button type="submit" class="primary" disabled={run.running()} data-testid="import-button">{run.running() ? 'Importing…' : 'Import'}</button></div>
        </div>
      </form>
      <ErrorBox error={error()} title="The file was not imported" />
      <Show when={result()}>
        {(r) => (
          <div class="import-result" role="status" data-testid="import-result" data-gaps={r().gaps.length}>
            <p>
              <strong>{r().symbol} {r().interval}</strong>: {formatInt(r().rowsParsed)} rows read, {formatInt(r().rowsInserted)} new candles stored
              {r().first ? ` (${formatDateTime(r().first)} → ${formatDateTime(r().last)})` : ''}.
            </p>
            <Show when={r().gaps.length > 0} fallback={<p class="gain">No missing candles.</p>}>
              <p class="loss">{r().gaps.length} gap(s), {formatInt(r().gaps.reduce((n, g) => n + g.missing, 0))} missing candles:</p>
              <ul class="gap-list" data-testid="import-gaps">
                <For each={r().gaps}>{(g) => <li>{formatDateTime(g.from)} → {formatDateTime(g.to)}: {formatInt(g.missing)} missing</li>}</For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
