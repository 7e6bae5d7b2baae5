import { createEffect, on, onCleanup, onMount, type JSX } from 'solid-js';
import { Chart, type AnyChartConfig } from './core.ts';

/**
 * One chart.js chart: created on mount, updated in place when `config` changes (no re-creation,
 * so zoom survives live updates), destroyed on cleanup. `onRender` runs after each draw.
 */
export function ChartCanvas(props: {
  config: () => AnyChartConfig;
  label: string;
  height?: number;
  testId?: string;
  onChart?: (chart: Chart) => void;
  onRender?: (chart: Chart) => void;
}): JSX.Element {
  let canvas: HTMLCanvasElement | undefined;
  let container: HTMLDivElement | undefined;
  let chart: Chart | undefined;
  onMount(() => {
    const config = props.config();
    chart = new Chart(canvas!, {
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        {
          id: 'renderHook',
          afterRender: (c: Chart) => {
            describeXLabels(c, container!);
            props.onRender?.(c);
          },
        },
      ],
    });
    props.onChart?.(chart);
  });
  createEffect(
    on(
      () => props.config(),
      (config) => {
        if (!chart) return;
        chart.data = config.data;
        // Keep the user's zoom: only scales the config pins are replaced.
        chart.options = config.options ?? {};
        chart.update('none');
      },
      { defer: true },
    ),
  );
  onCleanup(() => chart?.destroy());
  return (
    <div ref={container} class="chart" style={{ height: `${props.height ?? 320}px` }} data-testid={props.testId}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}

/**
 * The first and last labelled x value, on the chart's element (data-x-labels="first,last"), and the x axis'
 * title (data-x-title): what a test reads to know the axis is labelled across the whole window and names its
 * years (a canvas has no text to query).
 */
function describeXLabels(chart: Chart, element: HTMLElement): void {
  const x = chart.scales['x'];
  const ticks = x?.ticks;
  if (ticks === undefined || ticks.length === 0) delete element.dataset['xLabels'];
  else element.dataset['xLabels'] = `${ticks[0].value},${ticks[ticks.length - 1].value}`;
  // The axis title too (drawn on the canvas like the labels).
  const title: unknown = x === undefined ? undefined : Reflect.get(x.options, 'title');
  const text = title && typeof title === 'object' ? Reflect.get(title, 'text') : undefined;
  if (typeof text === 'string') element.dataset['xTitle'] = text;
  else delete element.dataset['xTitle'];
}
