import { createSignal, For, Show, type JSX } from 'solid-js';
import { parseDocumentJson, type StrategyDocument } from './document.ts';

/** "Start from" a built-in or saved strategy, import JSON (pasted or a file) and export the exact document text. */
export function DocumentSources(props: {
  starts: ReadonlyArray<{ label: string; documentJson: string }>;
  exportText: () => string;
  fileName: string;
  onLoad: (document: StrategyDocument) => void;
}): JSX.Element {
  const [importText, setImportText] = createSignal('');
  const [importError, setImportError] = createSignal<string | null>(null);
  const [showExport, setShowExport] = createSignal(false);
  const load = (text: string) => {
    const parsed = parseDocumentJson(text);
    if ('error' in parsed) return setImportError(parsed.error);
    setImportError(null);
    props.onLoad(parsed.document);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([props.exportText()], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = props.fileName;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section class="panel builder-section document-sources" data-testid="document-sources">
      <label class="inline-field">
        Start from
        <select
          value=""
          onChange={(e) => {
            const start = props.starts.find((s) => s.label === e.currentTarget.value);
            if (start) load(start.documentJson);
            e.currentTarget.value = '';
          }}
          data-testid="start-from"
        >
          <option value="">(choose a strategy)</option>
          <For each={props.starts}>{(s) => <option value={s.label}>{s.label}</option>}</For>
        </select>
      </label>
      <details>
        <summary>Import JSON</summary>
        <textarea class="code" rows={8} value={importText()} onInput={(e) => setImportText(e.currentTarget.value)} aria-label="Strategy document JSON to import" data-testid="import-text" />
        <div class="toolbar">
          <button type="button" onClick={() => load(importText())} data-testid="import-button">Load this JSON</button>
          <label class="inline-field">
            or a file
            <input type="file" accept="application/json,.json" onChange={async (e) => { const file = e.currentTarget.files?.[0]; if (file) load(await file.text()); }} />
          </label>
        </div>
        <Show when={importError()}>{(message) => <p class="field__errors" role="alert" data-testid="import-error">{message()}</p>}</Show>
      </details>
      <details open={showExport()} onToggle={(e) => setShowExport(e.currentTarget.open)}>
        <summary>Export JSON</summary>
        <Show when={showExport()}>
          <textarea class="code" rows={12} readOnly value={props.exportText()} aria-label="The strategy document as JSON" data-testid="export-text" />
          <button type="button" onClick={download}>Download {props.fileName}</button>
        </Show>
      </details>
    </section>
  );
}
