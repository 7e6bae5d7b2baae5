import type { ReportColumnKind, ReportColumns } from '../engine/index.ts';

/** Building blocks of the self-contained HTML reports: escaping, value formats by column kind, tables, the page. */

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const HOUR_MS = 3_600_000;

export function formatDuration(ms: number): string {
  if (ms < HOUR_MS) return `${Math.round(ms / 60_000)} min`;
  if (ms < 48 * HOUR_MS) return `${(ms / HOUR_MS).toFixed(1)} h`;
  return `${(ms / (24 * HOUR_MS)).toFixed(1)} d`;
}

const number = (value: number, digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A value as a trader reads it, by its column kind; null as an en dash. */
export function formatValue(kind: ReportColumnKind, value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (kind === 'text') return String(value);
  const v = value as number;
  switch (kind) {
    case 'count':
      return number(v, 0);
    case 'percent':
      return `${number(v, 2)} %`;
    case 'quote':
      return number(v, 2);
    case 'ratio':
      return number(v, 3);
    case 'durationMs':
      return formatDuration(v);
    case 'time':
      return new Date(v).toISOString().slice(0, 16).replace('T', ' ').replace(/ 00:00$/, '');
  }
}

const signClass = (kind: ReportColumnKind, key: string, value: unknown) =>
  typeof value === 'number' && (kind === 'quote' || kind === 'percent') && /profitLoss|return/i.test(key) ? (value > 0 ? ' class="pos"' : value < 0 ? ' class="neg"' : '') : '';

/** A table of report rows with a header per column (its label, and its formula as a tooltip). */
export function reportTable<Cs extends ReportColumns>(columns: Cs, rows: readonly { readonly [K in keyof Cs]: unknown }[], options: { empty?: string } = {}): string {
  const keys = Object.keys(columns);
  if (rows.length === 0) return `<p class="muted">${escapeHtml(options.empty ?? 'None.')}</p>`;
  const head = keys.map((k) => `<th title="${escapeHtml(columns[k].description)}"${columns[k].kind === 'text' ? '' : ' class="num"'}>${escapeHtml(columns[k].label)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${keys.map((k) => { const v = (row as Record<string, unknown>)[k]; const cls = signClass(columns[k].kind, k, v); return `<td${columns[k].kind === 'text' ? cls : cls ? cls.replace('class="', 'class="num ') : ' class="num"'}>${escapeHtml(formatValue(columns[k].kind, v))}</td>`; }).join('')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const ACRONYMS: Record<string, string> = { roi: 'ROI', cagr: 'CAGR', sqn: 'SQN', pct: '%', ms: '' };

/** A camelCase name as a heading: maxDrawdownPercentage → "Max drawdown percentage", roi → "ROI". */
export const labelOf = (name: string) =>
  name
    .split(/(?=[A-Z])/)
    .map((word, i) => ACRONYMS[word.toLowerCase()] ?? (i === 0 ? word[0].toUpperCase() + word.slice(1) : word.toLowerCase()))
    .filter(Boolean)
    .join(' ');

/** Label/value cards. */
export function cards(items: readonly { label: string; value: string; title?: string }[]): string {
  return `<div class="cards">${items.map((i) => `<div class="card"${i.title ? ` title="${escapeHtml(i.title)}"` : ''}><div class="label">${escapeHtml(i.label)}</div><div class="value">${escapeHtml(i.value)}</div></div>`).join('')}</div>`;
}

export const section = (title: string, body: string, note?: string) =>
  `<section><h2>${escapeHtml(title)}</h2>${note ? `<p class="muted">${escapeHtml(note)}</p>` : ''}${body}</section>`;

const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #5b6570; --line: #d7dce1; --pos: #137333; --neg: #b3261e; --accent: #2563eb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 24px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.muted { color: var(--muted); font-size: 12px; margin: 4px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; } .card .label { color: var(--muted); font-size: 12px; } .card .value { font-size: 17px; font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { font-weight: 600; background: #f4f6f8; } .num { text-align: right; }
.pos { color: var(--pos); } .neg { color: var(--neg); }
table.heat td { text-align: right; min-width: 52px; } table.heat td.none { color: var(--muted); }
svg { width: 100%; height: auto; display: block; } svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.legend { display: flex; gap: 16px; font-size: 12px; margin: 4px 0; } .legend span::before { content: ""; display: inline-block; width: 14px; height: 3px; margin-right: 6px; vertical-align: middle; background: var(--c); }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; margin: 8px 0; font-size: 13px; } dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  section { break-inside: avoid-page; } table { page-break-inside: auto; } tr { break-inside: avoid; }
  .scroll { overflow: visible; } a { color: inherit; text-decoration: none; }
  table.heat { font-size: 7.5px; } table.heat td, table.heat th { min-width: 0; padding: 1px 2px; }
  @page { size: A4; margin: 14mm; }
}`;

/** The whole document: inline style, no script, nothing fetched. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
