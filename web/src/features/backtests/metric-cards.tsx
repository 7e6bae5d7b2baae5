import { For, Show, type JSX } from 'solid-js';
import { formatInt } from '../../lib/format.ts';
import { METRICS, nullReason, tone, type Metrics } from '../../lib/metrics.ts';

/**
 * Every metric as a card; a metric the API could not compute says why. Each card's explanation opens
 * with its ⓘ toggle (a tap on a touch screen, which has no hover), and stays in the tooltip too.
 */
export function MetricCards(props: { metrics: Metrics; quote: string; help: Record<string, string> }): JSX.Element {
  return (
    <>
    <ul class="metric-cards" data-testid="metric-cards">
      <For each={METRICS}>
        {(metric) => {
          const value = () => props.metrics[metric.key];
          const reason = () => (value() === null ? nullReason(props.metrics, metric.key) : null);
          return (
            <li class="metric-card" title={reason() ?? props.help[metric.key] ?? ''} data-testid={`metric-${metric.key}`}>
              <span class="metric-card__label">{metric.label}</span>
              <span class={`metric-card__value ${tone(value(), metric.key)}`} data-testid={`metric-value-${metric.key}`} data-raw={value() ?? ''}>
                {metric.format(value(), props.quote)}
              </span>
              <Show when={reason()}>
                <span class="metric-card__reason" data-testid="null-reason">{reason()}</span>
              </Show>
              <Show when={props.help[metric.key]}>
                {(help) => (
                  <details class="metric-card__help" data-testid={`metric-help-${metric.key}`}>
                    <summary aria-label={`What ${metric.label} means`}>ⓘ</summary>
                    <p>{help()}</p>
                  </details>
                )}
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
    <EntriesExplained metrics={props.metrics} />
    </>
  );
}

/** Why an entry signal did not become a position, in the trader's words (codes: README, Simulation). */
const SKIP_REASONS: Record<string, string> = {
  SYMBOL_BUSY: 'another leg held the symbol',
  MAX_OPEN_POSITIONS: 'the limit of open positions was reached',
  STOP_BEYOND_FILL: 'the stop-loss was already crossed at the open (it would exit at once)',
  TARGET_BEYOND_FILL: 'the take-profit was already crossed at the fill',
  NO_STOP_FOR_RISK_SIZING: 'risk sizing needs a stop-loss and the signal had none',
  NO_EQUITY: 'no equity was left',
  INSUFFICIENT_CASH: 'too little cash for the order',
  ZERO_QUANTITY: 'the quantity rounded down to zero (quantity step)',
  BELOW_MIN_NOTIONAL: 'the order was below the minimum order size',
};

/**
 * Signals that did not become positions, and entries cut to the cash there was: what a trader
 * needs to understand a run that traded less than it signalled, above all one with no trade at all.
 */
function EntriesExplained(props: { metrics: Metrics }): JSX.Element {
  const m = () => props.metrics;
  const skipped = () => m().skippedEntries.reduce((sum, s) => sum + s.count, 0);
  const reasons = () => m().skippedEntries.map((s) => `${formatInt(s.count)} × ${SKIP_REASONS[s.reason] ?? s.reason.toLowerCase().replace(/_/g, ' ')}`).join('; ');
  return (
    <>
      <Show when={m().totalTrades === 0}>
        <p class="notice" data-testid="zero-trades">
          No trade was made.{' '}
          {skipped() > 0
            ? `${formatInt(skipped())} entry signal${skipped() === 1 ? ' was' : 's were'} refused: ${reasons()}.`
            : `No entry signal fired after the ${formatInt(m().warmupBars)}-bar warm-up (the bars the indicators need before the first decision): try a longer range or other parameters.`}
        </p>
      </Show>
      <Show when={m().totalTrades > 0 && skipped() > 0}>
        <p class="muted small" data-testid="skipped-entries">Signals that did not become positions: {reasons()}.</p>
      </Show>
      <Show when={m().entriesShrunkToCash > 0}>
        <p class="muted small" data-testid="shrunk-entries">{formatInt(m().entriesShrunkToCash)} entr{m().entriesShrunkToCash === 1 ? 'y was' : 'ies were'} made smaller than sized: only that much cash was free.</p>
      </Show>
    </>
  );
}
