import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { downloadText, toCsv } from '../../lib/csv.ts';
import { formatDateTime, formatDuration, formatNumber, formatPnl, formatPrice, formatSignedPercent } from '../../lib/format.ts';
import type { Trade } from './data.ts';

const PAGE_SIZE = 50;

interface Column {
  readonly key: keyof Trade;
  readonly header: string;
  readonly show: (trade: Trade, quote: string) => string;
  readonly numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'seq', header: '#', show: (t) => String(t.seq + 1), numeric: true },
  { key: 'symbol', header: 'Symbol', show: (t) => t.symbol },
  { key: 'direction', header: 'Side', show: (t) => t.direction },
  { key: 'entryTime', header: 'Entry (UTC)', show: (t) => formatDateTime(t.entryTime) },
  { key: 'entryPrice', header: 'Entry price', show: (t) => formatPrice(t.entryPrice), numeric: true },
  { key: 'exitTime', header: 'Exit (UTC)', show: (t) => formatDateTime(t.exitTime) },
  { key: 'exitPrice', header: 'Exit price', show: (t) => formatPrice(t.exitPrice), numeric: true },
  { key: 'exitReason', header: 'Exit reason', show: (t) => t.exitReason },
  { key: 'quantity', header: 'Quantity', show: (t) => formatPrice(t.quantity), numeric: true },
  { key: 'profitLoss', header: 'P/L', show: (t, q) => formatPnl(t.profitLoss, q), numeric: true },
  { key: 'profitLossPct', header: 'P/L %', show: (t) => formatSignedPercent(t.profitLossPct), numeric: true },
  { key: 'fees', header: 'Fees', show: (t) => formatNumber(t.fees), numeric: true },
  { key: 'durationMs', header: 'Held', show: (t) => formatDuration(t.durationMs), numeric: true },
];

/** Every stored field, raw (ISO times, full precision): the export is for other tools. */
const CSV_COLUMNS = (
  ['seq', 'legIndex', 'symbol', 'direction', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'quantity', 'fees', 'profitLoss', 'profitLossPct', 'exitReason', 'confidence', 'stopLoss', 'takeProfit', 'durationMs'] as const
).map((key) => ({ header: key, value: (t: Trade) => t[key] as string | number | null }));

export interface TradeFilters {
  outcome: '' | 'WIN' | 'LOSS';
  direction: '' | 'LONG' | 'SHORT';
  exitReason: string;
  symbol: string;
}

export function filterTrades(trades: readonly Trade[], f: TradeFilters): Trade[] {
  return trades.filter(
    (t) =>
      (!f.outcome || (f.outcome === 'WIN' ? t.profitLoss > 0 : t.profitLoss < 0)) &&
      (!f.direction || t.direction === f.direction) &&
      (!f.exitReason || t.exitReason === f.exitReason) &&
      (!f.symbol || t.symbol === f.symbol),
  );
}

/** Trades of a finished run: filter, sort by any column, page through, export all of them as CSV. */
export function TradeTable(props: { trades: readonly Trade[]; quote: string; runName: string }): JSX.Element {
  const [filters, setFilters] = createSignal<TradeFilters>({ outcome: '', direction: '', exitReason: '', symbol: '' });
  const [sort, setSort] = createSignal<{ key: keyof Trade; ascending: boolean }>({ key: 'seq', ascending: true });
  const [page, setPage] = createSignal(0);
  const reasons = createMemo(() => [...new Set(props.trades.map((t) => t.exitReason))].sort());
  const symbols = createMemo(() => [...new Set(props.trades.map((t) => t.symbol))].sort());
  const rows = createMemo(() => {
    const { key, ascending } = sort();
    const sign = ascending ? 1 : -1;
    return filterTrades(props.trades, filters()).sort((a, b) => {
      const x = a[key] as string | number | null;
      const y = b[key] as string | number | null;
      return x === y ? a.seq - b.seq : x === null ? 1 : y === null ? -1 : x < y ? -sign : sign;
    });
  });
  const pages = () => Math.max(1, Math.ceil(rows().length / PAGE_SIZE));
  const shown = () => rows().slice(page() * PAGE_SIZE, (page() + 1) * PAGE_SIZE);
  const setFilter = (key: keyof TradeFilters, value: string) => {
    setFilters({ ...filters(), [key]: value });
    setPage(0);
  };
  const sortBy = (key: keyof Trade) => setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : true }));
  const exportCsv = () => downloadText(`${props.runName.replace(/[^\w.-]+/g, '_')}-trades.csv`, toCsv(props.trades, CSV_COLUMNS));

  const Select = (p: { label: string; key: keyof TradeFilters; options: readonly string[] }) => (
    <label class="field">
      <span class="field__label">{p.label}</span>
      <select value={filters()[p.key]} onChange={(e) => setFilter(p.key, e.currentTarget.value)} data-testid={`trade-filter-${p.key}`}>
        <option value="">All</option>
        <For each={p.options}>{(o) => <option value={o}>{o}</option>}</For>
      </select>
    </label>
  );

  return (
    <div class="trade-table" data-testid="trade-table" data-total={props.trades.length}>
      <div class="filters">
        <Select label="Outcome" key="outcome" options={['WIN', 'LOSS']} />
        <Select label="Side" key="direction" options={['LONG', 'SHORT']} />
        <Select label="Exit reason" key="exitReason" options={reasons()} />
        <Select label="Symbol" key="symbol" options={symbols()} />
        <div class="field field--actions">
          <button type="button" onClick={exportCsv} data-testid="export-csv">Export all {props.trades.length} as CSV</button>
        </div>
      </div>
      <p class="muted small" data-testid="trade-count" data-count={rows().length}>
        {rows().length} of {props.trades.length} trades
      </p>
      <div class="table-wrap">
        <table class="data-table">
          <thead>
            <tr>
              <For each={COLUMNS}>
                {(column) => (
                  <th class={column.numeric ? 'num' : undefined} aria-sort={sort().key === column.key ? (sort().ascending ? 'ascending' : 'descending') : 'none'}>
                    <button type="button" class="sort" onClick={() => sortBy(column.key)}>
                      {column.header}
                      <span aria-hidden="true">{sort().key === column.key ? (sort().ascending ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={shown()}>
              {(trade) => (
                <tr data-testid="trade-row">
                  <For each={COLUMNS}>
                    {(column) => (
                      <td class={`${column.numeric ? 'num' : ''} ${column.key === 'profitLoss' || column.key === 'profitLossPct' ? (trade.profitLoss > 0 ? 'gain' : trade.profitLoss < 0 ? 'loss' : '') : ''}`}>
                        {column.show(trade, props.quote)}
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={pages() > 1}>
        <nav class="pager" aria-label="Trade pages">
          <button type="button" disabled={page() === 0} onClick={() => setPage(page() - 1)}>Previous</button>
          <span>
            Page {page() + 1} of {pages()}
          </span>
          <button type="button" disabled={page() >= pages() - 1} onClick={() => setPage(page() + 1)} data-testid="next-trades">Next</button>
        </nav>
      </Show>
    </div>
  );
}
