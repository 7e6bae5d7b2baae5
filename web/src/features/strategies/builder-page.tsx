import { useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, Show, type JSX } from 'solid-js';
import type { ApiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Loading } from '../../ui/states.tsx';
import { BuilderProvider, createBuilder } from './builder-context.tsx';
import { BuilderHeader, DocumentHeadFields, GeneralProblems, SavedStrategiesList } from './builder-sections.tsx';
import { createCatalogue, createDelete, createPreview, createSave, createStrategyDocuments, createUserStrategy, type DocumentError, type SavedStrategy } from './data.ts';
import { blankDocument, documentJsonOf, documentStarts, parseDocumentJson, type Problem, type StrategyDocument } from './document.ts';
import { DocumentSources } from './json-panel.tsx';
import { ParamsEditor } from './params-editor.tsx';
import { createPreviewSettings, PreviewPanel } from './preview-panel.tsx';
import { RulesEditor } from './rules-editor.tsx';
import { SeriesEditor } from './series-editor.tsx';

/**
 * The visual builder: a document composed from blocks, its signals previewed by the server as it
 * changes, saved as a user strategy (each save a new version), then run or swept.
 */
export default function StrategyBuilderPage(): JSX.Element {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const id = () => params.id ?? null;
  const { catalogue, error: catalogueError } = createCatalogue();
  const documents = createStrategyDocuments();
  const stored = createUserStrategy(id);
  const [saveFailure, setSaveFailure] = createSignal<DocumentError | null>(null);
  const [saved, setSaved] = createSignal<SavedStrategy | null>(null);
  const [problemSource, setProblemSource] = createSignal<'preview' | 'save'>('preview');

  let previewProblems: () => Problem[] = () => [];
  const problems = () => (problemSource() === 'save' ? (saveFailure()?.problems ?? []) : previewProblems());
  const { builder, replace } = createBuilder(catalogue, problems, blankDocument());
  const documentJson = createMemo(() => documentJsonOf(builder.document));

  // An opened strategy loads its latest version once (and again when the address names another).
  createEffect(
    on(
      () => stored.strategy()?.id,
      () => {
        const strategy = stored.strategy();
        if (!strategy) return;
        const parsed = parseDocumentJson(strategy.latest.documentJson);
        if ('document' in parsed) replace(parsed.document);
        setSaved(strategy);
        setSavedText(documentJson());
      },
    ),
  );

  const settings = createPreviewSettings(() => builder.document.params ?? []);
  const request = createMemo(() => settings.request(documentJson()));
  const preview = createPreview(request);
  previewProblems = () => preview.failure()?.problems ?? [];
  createEffect(on(documentJson, () => setProblemSource('preview'), { defer: true }));

  const { save, running } = createSave();
  const deletion = createDelete();
  const [deleteError, setDeleteError] = createSignal<ApiError | null>(null);
  // Deleting hides a strategy from the lists; its runs and sweeps keep showing the version they used.
  const deleteStrategy = async (strategy: { id: string; name: string }) => {
    if (!window.confirm(`Delete the strategy "${strategy.name}"? Its runs and sweeps keep showing the version they used.`)) return;
    const error = await deletion.remove(strategy.id);
    setDeleteError(error);
    if (error) return;
    documents.refetch();
    if (id() === strategy.id) navigate('/strategies');
  };
  // The stored text may order keys differently (PostgreSQL's jsonb): what was saved is compared as the builder writes it.
  const [savedText, setSavedText] = createSignal<string | null>(null);
  const unsaved = () => savedText() !== documentJson();
  /** Unchanged since saved: the stored `documentJson` itself; else the edited document. */
  const exportText = () => (unsaved() ? documentJson() : (saved()?.latest.documentJson ?? documentJson()));
  const onSave = async () => {
    const outcome = await save(saved()?.id ?? null, documentJson());
    if ('failure' in outcome) {
      setSaveFailure(outcome.failure);
      setProblemSource('save');
      return;
    }
    setSaveFailure(null);
    setSavedText(documentJson());
    setSaved(outcome.saved);
    if (id() !== outcome.saved.id) navigate(`/strategies/${outcome.saved.id}`, { replace: true });
  };
  const go = (page: 'runs' | 'sweeps') => navigate(`/${page}/new?strategy=${encodeURIComponent(saved()!.strategyName)}`);

  const starts = createMemo(() => documentStarts(documents.data()?.strategies ?? []));

  return (
    <BuilderProvider builder={builder}>
      <div class="page strategy-builder" data-testid="strategy-builder" data-strategy-id={saved()?.id ?? ''}>

        <BuilderHeader isNew={id() === null} saved={saved()} unsaved={unsaved()} saving={running()} onSave={() => void onSave()} onGo={go} />
        <ErrorBox error={catalogueError()} title="Could not load the indicator catalogue" />
        <ErrorBox error={stored.error()} title="Could not load the strategy" />
        <Show when={id() !== null && stored.loaded() && stored.strategy() === null}>
          <ErrorBox error={{ code: 'NOT_FOUND', message: `No strategy ${id()}.` }} />
        </Show>
        <Show when={saveFailure() && problemSource() === 'save'}>
          <ErrorBox error={saveFailure()!.error} title="Not saved" />
        </Show>
        <GeneralProblems problems={builder.problemsAt('')} />
        <Show when={catalogue()} fallback={<Loading what="indicator catalogue" />}>
          <div class="builder-layout">
            <div class="builder-blocks">

              <DocumentHeadFields />
              <ParamsEditor />
              <SeriesEditor />
              <RulesEditor />
            </div>
            <div class="builder-side">
              <DocumentSources starts={starts()} exportText={exportText} fileName={`${builder.document.name || 'strategy'}.json`} onLoad={(doc: StrategyDocument) => replace(doc)} />

              <SavedStrategiesList strategies={documents.data()?.userStrategies ?? []} deleting={deletion.running()} error={deleteError()} onDelete={deleteStrategy} />
              <PreviewPanel
                settings={settings}
                params={builder.document.params ?? []}
                preview={preview.preview()}
                pending={preview.pending()}
                answered={preview.answeredKey() === JSON.stringify(request())}
                error={preview.failure()?.error ?? null}
              />
            </div>
          </div>
        </Show>
      </div>
    </BuilderProvider>
  );
}
