import { escapeHtml } from './html.ts';

/** Inline SVG charts for the HTML reports: drawn on the server, so the report needs no script and no network. */

export interface Line {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
  /** Fill the area under the line down to the axis (exposure, drawdown). */
  readonly area?: boolean;
}

const WIDTH = 1000, HEIGHT = 260, LEFT = 64, RIGHT = 12, TOP = 10, BOTTOM = 24;

function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const axisLabel = (v: number) => (Math.abs(v) >= 10_000 ? `${(v / 1000).toFixed(0)}k` : Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

/** A line chart over time: one polyline per series, value ticks on the left, dates below (UTC). */
export function lineChart(timesMs: readonly number[], lines: readonly Line[], options: { unit?: string; min?: number; max?: number; title: string }): string {
  const n = timesMs.length;
  if (n < 2) return '<p class="muted">Too few points to draw.</p>';
  const all = lines.flatMap((l) => l.values.filter((v) => Number.isFinite(v)));
  let lo = options.min ?? Math.min(...all), hi = options.max ?? Math.max(...all);
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const t0 = timesMs[0], t1 = timesMs[n - 1];
  const x = (t: number) => LEFT + ((t - t0) / (t1 - t0 || 1)) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => TOP + (1 - (v - lo) / (hi - lo)) * (HEIGHT - TOP - BOTTOM);
  const grid = niceTicks(lo, hi)
    .map((v) => `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e8eb"/><text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${axisLabel(v)}${options.unit ?? ''}</text>`)
    .join('');
  const dates = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => { const t = t0 + f * (t1 - t0); return `<text x="${x(t).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="${f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}">${new Date(t).toISOString().slice(0, 10)}</text>`; })
    .join('');
  const paths = lines
    .map((l) => {
      const pts = l.values.map((v, i) => `${x(timesMs[i]).toFixed(1)},${y(Number.isFinite(v) ? v : lo).toFixed(1)}`).join(' ');
      const area = l.area ? `<polygon points="${x(t0).toFixed(1)},${y(Math.max(lo, Math.min(hi, 0))).toFixed(1)} ${pts} ${x(t1).toFixed(1)},${y(Math.max(lo, Math.min(hi, 0))).toFixed(1)}" fill="${l.color}" fill-opacity="0.18"/>` : '';
      return `${area}<polyline points="${pts}" fill="none" stroke="${l.color}" stroke-width="1.6"/>`;
    })
    .join('');
  const legend = `<div class="legend">${lines.map((l) => `<span style="--c:${l.color}">${escapeHtml(l.label)}</span>`).join('')}</div>`;
  return `${legend}<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(options.title)}">${grid}${dates}${paths}</svg>`;
}

/** Background colour of a return in a heat table: green for gains, red for losses, saturating at ±scale %. */
export function heatColor(returnPct: number | null, scalePct: number): string {
  if (returnPct === null || !Number.isFinite(returnPct)) return 'transparent';
  const strength = Math.min(1, Math.abs(returnPct) / (scalePct || 1));
  return returnPct >= 0 ? `rgba(19, 115, 51, ${(0.08 + 0.55 * strength).toFixed(3)})` : `rgba(179, 38, 30, ${(0.08 + 0.55 * strength).toFixed(3)})`;
}

/** Bars (a sweep's scores by rank). */
export function barChart(values: readonly number[], options: { title: string; color: string }): string {
  if (values.length === 0) return '<p class="muted">Nothing to draw.</p>';
  const lo = Math.min(0, ...values), hi = Math.max(0, ...values) || 1;
  const w = (WIDTH - LEFT - RIGHT) / values.length;
  const y = (v: number) => TOP + (1 - (v - lo) / (hi - lo || 1)) * (HEIGHT - TOP - BOTTOM);
  const bars = values.map((v, i) => `<rect x="${(LEFT + i * w).toFixed(1)}" width="${Math.max(1, w - 1).toFixed(1)}" y="${Math.min(y(v), y(0)).toFixed(1)}" height="${Math.abs(y(v) - y(0)).toFixed(1)}" fill="${options.color}"/>`).join('');
  const grid = niceTicks(lo, hi).map((v) => `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e8eb"/><text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${axisLabel(v)}</text>`).join('');
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(options.title)}">${grid}${bars}</svg>`;
}
