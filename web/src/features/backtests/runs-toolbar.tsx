import { Show, type JSX } from 'solid-js';

/** What can be done with the selected runs: compare them, or delete them after a confirmation. */
export function RunsToolbar(props: {
  selected: number;
  maxCompare: number;
  confirming: boolean;
  deleting: boolean;
  onCompare: () => void;
  onConfirming: (on: boolean) => void;
  onDelete: () => void;
}): JSX.Element {
  return (
    <div class="toolbar" role="toolbar" aria-label="Selected runs">
      <span class="muted">{props.selected} selected</span>
      <button
        type="button"
        disabled={props.selected < 2 || props.selected > props.maxCompare}
        title={`Compare 2 to ${props.maxCompare} runs`}
        onClick={() => props.onCompare()}
        data-testid="compare-selected"
      >
        Compare
      </button>
      <Show
        when={props.confirming}
        fallback={
          <button type="button" class="danger" disabled={props.selected === 0} onClick={() => props.onConfirming(true)} data-testid="delete-selected">
            Delete
          </button>
        }
      >
        <span role="alert">Delete {props.selected} run(s) with their trades?</span>
        <button type="button" class="danger" disabled={props.deleting} onClick={() => props.onDelete()} data-testid="confirm-delete">
          Yes, delete
        </button>
        <button type="button" onClick={() => props.onConfirming(false)}>Keep</button>
      </Show>
    </div>
  );
}
