import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, Show, type JSX } from 'solid-js';
import { isTerminal } from '../../../../domain/statuses.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { createCancelSweep, createSweep, createSweepHoldout, createSweepProgress, createSweepRecommendations, createSweepWalkForward } from './data.ts';
import { HoldoutPanel } from './holdout-panel.tsx';
import { OverfittingPanel } from './overfitting-panel.tsx';
import { RobustnessPanel } from './robustness-panel.tsx';
import { placeKey, placesOf, type Place } from './row-metrics.ts';
import { createRowRevision } from './row-revision.ts';
import { SweepRows } from './sweep-rows.tsx';
import { SweepHeader, SweepProgressPanel } from './sweep-status-panels.tsx';
import { WalkForwardPanel } from './walk-forward-panel.tsx';

export default function SweepDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const id = () => params.id;
  const sweep = createSweep(id);
  const live = createSweepProgress(id);
  const recommendations = createSweepRecommendations(id);
  const cancel = createCancelSweep();
  const [actionError, setActionError] = createSignal<ApiError | null>(null);

  const status = () => live.state()?.status ?? sweep.sweep()?.status ?? 'PENDING';
  const finished = () => isTerminal(status());
  const s = () => sweep.sweep();
  const swept = createMemo(() => (s()?.sweptParameters ?? []).map((param) => param.name));

  const revision = createRowRevision(() => live.state()?.completedEvaluations, finished, () => sweep.refetch());

  const places = createMemo(() => (s() ? placesOf(s()!) : []));
  const [chosenPlace, setChosenPlace] = createSignal<string | null>(null);
  const holdout = createSweepHoldout(() => (s()?.validation?.holdoutFraction && finished() ? id() : null));
  const walkForward = createSweepWalkForward(() => (s()?.validation?.walkForward ? id() : null));
  /**
   * Walk-forward: the in-sample rows of the last window searched so far (all of them once it completes: what
   * the search settled on), never a window not reached yet; otherwise the in-sample rows.
   */
  const place = createMemo<Place>(() => {
    const picked = places().find((p) => placeKey(p) === chosenPlace());
    if (picked) return picked;
    const inSample = places().filter((p) => p.phase === 'IN_SAMPLE');
    const reached = walkForward.report()?.windows.filter((w) => w.inSample !== null).map((w) => w.window) ?? [];
    const searching = finished() ? inSample.at(-1) : inSample.find((p) => p.window === Math.min(inSample.length, Math.max(1, ...reached.map((w) => w + 1))));
    return searching ?? inSample.at(-1) ?? { window: 0, phase: 'IN_SAMPLE' };
  });
  createEffect(on(revision, () => { if (s()?.validation?.walkForward) walkForward.refetch(); }, { defer: true }));
  /** The set the search settled on: the best row, or for walk-forward (no single best) the last window's choice. */
  const settled = () => sweep.sweep()?.best ?? walkForward.report()?.windows.at(-1)?.inSample ?? null;
  const hasRows = () => (live.state()?.completedEvaluations ?? s()?.completedEvaluations ?? 0) > 0;

  const doCancel = async () => setActionError(apiError((await cancel.execute({ id: id() })).error));

  return (
    <QueryState error={sweep.error()} hasData={s() !== null} loading={sweep.loading()} what="the sweep" empty={sweep.found()} emptyText={<p>Sweep {id()} does not exist. <A href="/sweeps">All sweeps</A></p>}>
      <Show when={s()}>
        {(sw) => (
          <article class="page" data-testid="sweep-detail" data-status={status()}>

            <SweepHeader sweep={sw()} status={status()} finished={finished()} cancelling={cancel.running()} onCancel={() => void doCancel()} />
            <ErrorBox error={actionError()} />


            <SweepProgressPanel sweep={sw()} live={live.state()} status={status()} finished={finished()} settled={settled()} swept={swept()} recommendations={recommendations.state()} />

            <Show when={sw().robustness}>{(r) => <RobustnessPanel robustness={r()} bestScore={settled()?.score} />}</Show>
            <OverfittingPanel overfitting={sw().overfitting ?? null} learnedStart={sw().learnedStart} />
            <Show when={sw().validation?.holdoutFraction}>
              <HoldoutPanel sweep={sw()} rows={holdout.rows()} error={holdout.error()} swept={swept()} />
            </Show>
            <Show when={sw().validation?.walkForward}>
              <WalkForwardPanel sweep={sw()} report={walkForward.report()} error={walkForward.error()} swept={swept()} />
            </Show>


            <SweepRows sweep={sw()} swept={swept()} places={places()} place={place()} onPlace={setChosenPlace} revision={revision} hasRows={hasRows()} finished={finished()} />
          </article>
        )}
      </Show>
    </QueryState>
  );
}
