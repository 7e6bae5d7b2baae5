import { For, type JSX } from 'solid-js';
import type { BacktestMetrics } from '../graphql/operations.ts';
import { formatInt, formatMoney, formatNumber, formatPercent } from '../lib/format.ts';

const ROWS: Array<{ key: keyof BacktestMetrics; label: string; format: (n: number | null) => string }> = [
  { key: 'totalTrades', label: 'Trades', format: formatInt },
  { key: 'winRate', label: 'Win rate', format: formatPercent },
  { key: 'roi', label: 'ROI', format: formatPercent },
  { key: 'totalProfitLoss', label: 'Total P/L', format: formatMoney },
  { key: 'maxDrawdownPercentage', label: 'Max drawdown', format: formatPercent },
  { key: 'sharpeRatio', label: 'Sharpe ratio', format: formatNumber },
  { key: 'profitFactor', label: 'Profit factor', format: formatNumber },
];

export function MetricsTable(props: { metrics: BacktestMetrics }): JSX.Element {
  return (
    <table class="metrics" data-testid="metrics-table">
      <tbody>
        <For each={ROWS}>
          {(row) => (
            <tr>
              <th scope="row">{row.label}</th>
              <td data-testid={`metric-${row.key}`} classList={{ negative: (props.metrics[row.key] ?? 0) < 0 }}>
                {row.format(props.metrics[row.key])}
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
