import {
  CALENDAR_COLUMNS,
  EXIT_REASON_COLUMNS,
  METRICS,
  OPEN_TRADE_COLUMNS,
  PAIR_COLUMNS,
  RUN_SETTINGS,
  RUN_SETTING_NAMES,
  type CalendarRow,
  type MetricName,
} from '../engine/index.ts';
import type { RunReport } from '../backtest/run-report.ts';
import { readRunSettings } from '../backtest/run-settings.ts';
import { strategyCaption } from './strategy-caption.ts';
import { describeListSetting } from '../../domain/setting-text.ts';
import { cards, escapeHtml, formatValue, labelOf, page, reportTable, section } from './html.ts';
import { heatColor, lineChart } from './svg-charts.ts';

/** The headline metrics of a run report, in reading order (their formulas come from METRICS). */
const HEADLINE: readonly MetricName[] = [
  'roi', 'cagr', 'finalEquity', 'maxDrawdownPercentage', 'sharpeRatio', 'sortinoRatio', 'calmarRatio', 'profitFactor',
  'winRate', 'totalTrades', 'avgTradeDurationMs', 'expectancy', 'feesPaid', 'exposurePct', 'buyAndHoldReturn', 'sqn',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pct = (v: number | null) => formatValue('percent', v);

function heatCell(row: CalendarRow | undefined, scale: number): string {
  if (!row) return '<td class="none">·</td>';
  return `<td style="background:${heatColor(row.returnPct, scale)}" title="${escapeHtml(`${formatValue('time', row.periodStart).slice(0, 10)}: ${pct(row.returnPct)}, ${row.tradesClosed} trades closed`)}">${row.returnPct.toFixed(1)}</td>`;
}

/** Months × years, with each year's compounded return. */
function monthHeatTable(months: readonly CalendarRow[]): string {
  const byYear = new Map<number, Map<number, CalendarRow>>();
  for (const row of months) {
    const d = new Date(row.periodStart);
    if (!byYear.has(d.getUTCFullYear())) byYear.set(d.getUTCFullYear(), new Map());
    byYear.get(d.getUTCFullYear())!.set(d.getUTCMonth(), row);
  }
  const scale = Math.max(1, ...months.map((r) => Math.abs(r.returnPct)));
  const rows = [...byYear].map(([year, cells]) => {
    const total = ([...cells.values()].reduce((g, r) => g * (1 + r.returnPct / 100), 1) - 1) * 100;
    return `<tr><th>${year}</th>${MONTHS.map((_, m) => heatCell(cells.get(m), scale)).join('')}<td style="background:${heatColor(total, scale)}"><b>${total.toFixed(1)}</b></td></tr>`;
  });
  return `<div class="scroll"><table class="heat"><thead><tr><th>%</th>${MONTHS.map((m) => `<th class="num">${m}</th>`).join('')}<th class="num">Year</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Days 1..31 × months. */
function dayHeatTable(days: readonly CalendarRow[]): string {
  const byMonth = new Map<string, Map<number, CalendarRow>>();
  for (const row of days) {
    const d = new Date(row.periodStart);
    const key = `${d.getUTCFullYear()} ${MONTHS[d.getUTCMonth()]}`;
    if (!byMonth.has(key)) byMonth.set(key, new Map());
    byMonth.get(key)!.set(d.getUTCDate(), row);
  }
  const scale = Math.max(0.5, ...days.map((r) => Math.abs(r.returnPct)));
  const dates = Array.from({ length: 31 }, (_, i) => i + 1);
  const rows = [...byMonth].map(([month, cells]) => `<tr><th>${month}</th>${dates.map((d) => heatCell(cells.get(d), scale)).join('')}</tr>`);
  return `<div class="scroll"><table class="heat"><thead><tr><th>%</th>${dates.map((d) => `<th class="num">${d}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

const settingText = (name: string, value: unknown): string => describeListSetting(name, value) ?? String(value ?? '–');

function settingsList(report: RunReport): string {
  const run = report.run;
  const settings = readRunSettings(run.settings) as unknown as Record<string, unknown>;
  const items: Array<[string, string]> = [
    ['Strategy', `${strategyCaption(run.strategy)} ${JSON.stringify(run.strategyParams)}`],
    ...(run.legs.length > 1 ? run.legs.slice(1).map((leg, i): [string, string] => [`Leg ${i + 2}`, `${strategyCaption(leg.strategy)} ${JSON.stringify(leg.params)} on ${leg.symbols.join(', ')}`]) : []),
    ['Pairs', `${run.symbols.length}: ${run.symbols.join(', ')}`],
    ['Timeframe', run.timeframe],
    ['Range (UTC)', `${run.startDate.toISOString().slice(0, 16).replace('T', ' ')} → ${run.endDate.toISOString().slice(0, 16).replace('T', ' ')}`],
    ...RUN_SETTING_NAMES.map((name): [string, string] => [RUN_SETTINGS[name].label, settingText(name, settings[name])]),
  ];
  return `<dl>${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** The self-contained HTML report of a completed run: everything the run page shows, printable, offline. */
export async function runReportHtml(report: RunReport): Promise<string> {
  const run = report.run;
  const [perPair, exitReasons, days, weeks, months, openTrades, exposure, benchmark] = await Promise.all([
    report.perPair(),
    report.exitReasons(),
    report.calendar('DAY'),
    report.calendar('WEEK'),
    report.calendar('MONTH'),
    report.openTrades(),
    report.exposure(),
    report.benchmark(),
  ]);
  const metric = (name: MetricName) => ({ label: labelOf(name), value: formatValue(METRICS[name].unit, (run as Record<string, unknown>)[name]), title: METRICS[name].description });
  const times = benchmark.line.map((p) => p.timeMs);
  const body = [
    `<header><h1>${escapeHtml(run.name)}</h1><p class="muted">Backtest ${escapeHtml(run.id)} · completed ${escapeHtml(formatValue('time', run.completedAt?.getTime() ?? null))} UTC · Candlelab report</p></header>`,
    section('Summary', cards(HEADLINE.map(metric))),
    section('Settings', settingsList(report)),
    section(
      'Equity against the market',
      lineChart(times, [
        { label: 'Run equity', color: '#2563eb', values: benchmark.line.map((p) => p.equity) },
        { label: 'Equal-weight buy and hold', color: '#9ca3af', values: benchmark.line.map((p) => p.benchmark) },
      ], { title: 'Equity and benchmark at each day end' }) +
        cards([
          { label: 'Run return', value: pct(benchmark.runReturnPct) },
          { label: 'Benchmark return', value: pct(benchmark.benchmarkReturnPct) },
          { label: 'Excess return', value: `${benchmark.excessReturnPct.toFixed(2)} pp`, title: 'Run return − benchmark return, percentage points' },
          { label: 'Alpha (a year)', value: pct(benchmark.alphaPct), title: "Jensen's alpha of daily returns × 365" },
          { label: 'Beta', value: formatValue('ratio', benchmark.beta) },
          { label: 'Correlation', value: formatValue('ratio', benchmark.correlation) },
        ]),
      `Benchmark: every pair bought with an equal share of the capital at its first close and held. Daily returns of both at each UTC day's end (${benchmark.observations} days).${benchmark.nullReason ? ` ${benchmark.nullReason}.` : ''}`,
    ),
    section('Exposure', lineChart(exposure.map((p) => p.time), [{ label: 'Invested % of equity', color: '#7c3aed', values: exposure.map((p) => p.investedPct), area: true }], { title: 'Invested share', unit: '%', min: 0 }) +
      lineChart(exposure.map((p) => p.time), [{ label: 'Open positions', color: '#0f766e', values: exposure.map((p) => p.openPositions), area: true }], { title: 'Open positions', min: 0 })),
    section('Per pair', reportTable(PAIR_COLUMNS, perPair), 'Rows add up to the run: trades, P/L and fees.'),
    section('Exit reasons', reportTable(EXIT_REASON_COLUMNS, exitReasons)),
    section('Monthly returns', monthHeatTable(months), 'Percent; months compound to the year, years to the run’s ROI.'),
    section('Weekly returns', reportTable(CALENDAR_COLUMNS, weeks)),
    section('Daily returns', dayHeatTable(days)),
    section('Trades open at the end', reportTable(OPEN_TRADE_COLUMNS, openTrades, { empty: 'No position was open when the data ended.' }), 'Closed by the run at the last close (END_OF_DATA); their P/L is unrealised.'),
  ].join('\n');
  return page(`${run.name} — Candlelab backtest report`, body);
}
