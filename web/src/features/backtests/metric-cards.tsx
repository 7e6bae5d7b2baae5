import { For, Show, type JSX } from 'solid-js';
import { METRICS, nullReason, tone, type Metrics } from './metrics.ts';

/** Every metric as a card; a metric the API could not compute shows why (tooltip and screen-reader text). */
export function MetricCards(props: { metrics: Metrics; quote: string; help: Record<string, string> }): JSX.Element {
  return (
    <>
    <ul class="metric-cards" data-testid="metric-cards">
      <For each={METRICS}>
        {(metric) => {
          const value = () => props.metrics[metric.key] as number | null;
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
            </li>
          );
        }}
      </For>
    </ul>
    <Show when={props.metrics.skippedEntries.length > 0}>
      <p class="muted small" data-testid="skipped-entries">
        Signals that did not become positions: {props.metrics.skippedEntries.map((s) => `${s.reason.toLowerCase().replace(/_/g, ' ')} ${s.count}`).join(' · ')}
      </p>
    </Show>
    </>
  );
}
