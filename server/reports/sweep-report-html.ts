import type { EntityManager } from '@mikro-orm/postgresql';
import { METRICS, type MetricName, type ReportColumns } from '../engine/index.ts';
import type { IOptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { finalWindow, rankedRows } from '../optimization/index.ts';
import type { IStrategyOptimization } from '../optimization/strategy-optimization.entity.ts';
import { cards, escapeHtml, formatValue, labelOf, page, reportTable, section } from './html.ts';
import { barChart } from './svg-charts.ts';
import { strategyCaption } from './strategy-caption.ts';

/** Rows shown per phase: a report is read, not searched. */
const TOP_ROWS = 50;

/** The metrics shown beside each row's parameters (their labels and formulas come from METRICS). */
const ROW_METRICS: readonly MetricName[] = ['roi', 'sharpeRatio', 'maxDrawdownPercentage', 'profitFactor', 'winRate', 'totalTrades', 'feesPaid'];

/** The columns of the rows table: rank, each swept parameter, the score, then ROW_METRICS. */
function rowColumns(paramNames: readonly string[]): ReportColumns {
  return {
    rank: { kind: 'count', label: '#', nullable: false, description: 'Rank under the sweep’s objective (rows under minTrades last)' },
    ...Object.fromEntries(paramNames.map((name) => [`param:${name}`, { kind: 'text' as const, label: name, nullable: true, description: `Parameter ${name}` }])),
    score: { kind: 'ratio', label: 'Score', nullable: true, description: 'Score under the sweep’s objective' },
    ...Object.fromEntries(ROW_METRICS.map((name) => [name, { kind: METRICS[name].unit, label: labelOf(name), nullable: true, description: METRICS[name].description }])),
  };
}

function rowValues(rows: readonly IStrategyOptimization[], paramNames: readonly string[]) {
  return rows.map((row, i) => ({
    rank: i + 1,
    ...Object.fromEntries(paramNames.map((name) => [`param:${name}`, row.params[name] === undefined ? null : String(row.params[name])])),
    score: row.score ?? null,
    ...Object.fromEntries(ROW_METRICS.map((name) => [name, row[name] ?? null])),
  }));
}

/** The self-contained HTML report of a sweep: its set-up, the ranked rows, the out-of-sample tests. */
export async function sweepReportHtml(em: EntityManager, sweep: IOptimizationSweep): Promise<string> {
  const window = finalWindow(sweep);
  const [inSample, outOfSample] = await Promise.all([
    rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: false, limit: TOP_ROWS }),
    rankedRows(em, sweep, { window, phase: 'OUT_OF_SAMPLE', eligibleOnly: false, limit: TOP_ROWS }),
  ]);
  const paramNames = Object.keys(sweep.parameterRanges);
  const columns = rowColumns(paramNames);
  const best = inSample.find((row) => (row.totalTrades ?? 0) >= sweep.minTrades) ?? null;
  const setup: Array<[string, string]> = [
    ['Strategy', strategyCaption(sweep.strategy)],
    ['Pairs', sweep.symbols.join(', ')],
    ['Timeframe', sweep.timeframe],
    ['Range (UTC)', `${sweep.startDate.toISOString().slice(0, 16).replace('T', ' ')} → ${sweep.endDate.toISOString().slice(0, 16).replace('T', ' ')}`],
    ['Parameter ranges', JSON.stringify(sweep.parameterRanges)],
    ['Base parameters', JSON.stringify(sweep.baseParams)],
    ['Objective', sweep.objective.name + (sweep.objective.weights ? ` ${JSON.stringify(sweep.objective.weights)}` : '')],
    ['Search', JSON.stringify(sweep.search)],
    ['Validation', sweep.validation ? JSON.stringify(sweep.validation) : 'none (in sample only)'],
    ['Minimum trades', String(sweep.minTrades)],
    ['Combinations', `${sweep.totalCombinations} (${sweep.skippedByConstraint} more pruned by constraints); ${sweep.completedEvaluations} rows stored, in and out of sample`],
  ];
  const body = [
    `<header><h1>${escapeHtml(sweep.name)}</h1><p class="muted">Sweep ${escapeHtml(sweep.id)} · ${escapeHtml(sweep.status)} · completed ${escapeHtml(formatValue('time', sweep.completedAt?.getTime() ?? null))} UTC · Candlelab report</p></header>`,
    section(
      'Best parameters',
      best
        ? `<p><b>${escapeHtml(JSON.stringify(best.params))}</b></p>` + cards(ROW_METRICS.map((name) => ({ label: labelOf(name), value: formatValue(METRICS[name].unit, best[name] ?? null), title: METRICS[name].description })))
        : '<p class="muted">No row reached the minimum number of trades.</p>',
    ),
    section('Set-up', `<dl>${setup.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`),
    section('Scores by rank', barChart(inSample.map((row) => row.score ?? 0), { title: 'In-sample scores, best first', color: '#2563eb' }), `The ${inSample.length} best in-sample rows${window ? ` of walk-forward window ${window}` : ''}.`),
    section('In-sample rows', reportTable(columns, rowValues(inSample, paramNames))),
    section('Out-of-sample tests', reportTable(columns, rowValues(outOfSample, paramNames), { empty: 'This sweep kept no data aside.' }), 'Chosen sets tested on data the search never saw.'),
  ].join('\n');
  return page(`${sweep.name} — Candlelab sweep report`, body);
}
