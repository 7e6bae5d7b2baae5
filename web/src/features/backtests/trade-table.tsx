import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { downloadText, toCsv } from '../../lib/csv.ts';
import type { ApiError } from '../../lib/errors.ts';
import { formatDateTime, formatDuration, formatInt, formatMoney, formatPnl, formatPrice, formatQuantity, formatSignedPercent } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { EXIT_REASONS } from '../../../../domain/exit-reasons.ts';
import { createTradeExport, createTradePage, type RunFill, type Trade, type TradeFilter, type TradeOrder } from './data.ts';

const PAGE_SIZE = 50;

type OrderField = TradeOrder['field'];

interface Column {
  readonly key: keyof Trade;
  readonly header: string;
  readonly show: (trade: Trade, quote: string) => string;
  readonly numeric?: boolean;
  /** The server's sort key for this column (TradeOrderField), when it sorts by it. */
  readonly order?: OrderField;
}

const COLUMNS: readonly Column[] = [
  { key: 'seq', header: '#', show: (t) => String(t.seq + 1), numeric: true, order: 'SEQ' },
  { key: 'symbol', header: 'Symbol', show: (t) => t.symbol, order: 'SYMBOL' },
  { key: 'direction', header: 'Side', show: (t) => t.direction },
  { key: 'entryTime', header: 'Entry (UTC)', show: (t) => formatDateTime(t.entryTime), order: 'ENTRY_TIME' },
  { key: 'entryPrice', header: 'Entry price', show: (t) => formatPrice(t.entryPrice), numeric: true },
  { key: 'exitTime', header: 'Exit (UTC)', show: (t) => formatDateTime(t.exitTime), order: 'EXIT_TIME' },
  { key: 'exitPrice', header: 'Exit price', show: (t) => formatPrice(t.exitPrice), numeric: true },
  { key: 'exitReason', header: 'Exit reason', show: (t) => t.exitReason },
  { key: 'quantity', header: 'Quantity', show: (t) => formatQuantity(t.quantity), numeric: true },
  { key: 'profitLoss', header: 'P/L', show: (t, q) => formatPnl(t.profitLoss, q), numeric: true, order: 'PROFIT_LOSS' },
  { key: 'profitLossPct', header: 'P/L %', show: (t) => formatSignedPercent(t.profitLossPct), numeric: true, order: 'PROFIT_LOSS_PCT' },
  { key: 'fees', header: 'Fees', show: (t, q) => formatMoney(t.fees, q), numeric: true },
  { key: 'durationMs', header: 'Held', show: (t) => formatDuration(t.durationMs), numeric: true, order: 'DURATION_MS' },
];

/** Every stored field, raw (ISO times, full precision): the export is for other tools; # counts from 1 as the table does. */
const CSV_COLUMNS = [
  { header: '#', value: (t: Trade) => t.seq + 1 },
  ...(['legIndex', 'symbol', 'direction', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'quantity', 'fees', 'profitLoss', 'profitLossPct', 'exitReason', 'confidence', 'stopLoss', 'takeProfit', 'durationMs'] as const).map((key) => ({
    header: key,
    value: (t: Trade) => t[key],
  })),
];


interface Filters {
  outcome: '' | 'WIN' | 'LOSS';
  direction: '' | 'LONG' | 'SHORT';
  exitReason: string;
  symbol: string;
}

/** The form's choices as the API's TradeFilter (blank = any). */
const toTradeFilter = (f: Filters): TradeFilter => ({
  ...(f.outcome ? { outcome: f.outcome } : {}),
  ...(f.direction ? { direction: f.direction } : {}),
  ...(f.exitReason ? { exitReason: f.exitReason } : {}),
  ...(f.symbol ? { symbol: f.symbol } : {}),
});

/**
 * Trades of a finished run, a page at a time as the server filters and sorts them (a year of 5m
 * trades is never loaded to sort it here); the CSV export asks for every trade when clicked.
 */
export function TradeTable(props: { runId: string; symbols: readonly string[]; totalTrades: number; quote: string; runName: string; fills?: readonly RunFill[] | null }): JSX.Element {
  const [opened, setOpened] = createSignal<number | null>(null);
  const fillsOf = (seq: number) => (props.fills ?? []).filter((f) => f.tradeSeq === seq);
  const [filters, setFilters] = createSignal<Filters>({ outcome: '', direction: '', exitReason: '', symbol: '' });
  const [sort, setSort] = createSignal<TradeOrder>({ field: 'SEQ', direction: 'ASC' });
  // Cursors of the pages seen so far: the last is the page shown (null = the first page).
  const [cursors, setCursors] = createSignal<Array<string | null>>([null]);
  const page = createTradePage(() => ({ id: props.runId, first: PAGE_SIZE, after: cursors()[cursors().length - 1], filter: toTradeFilter(filters()), orderBy: sort() }));
  const exporter = createTradeExport();
  const [exportError, setExportError] = createSignal<ApiError | null>(null);

  const count = () => page.connection()?.totalCount ?? null;
  const pages = createMemo(() => Math.max(1, Math.ceil((count() ?? 0) / PAGE_SIZE)));
  const setFilter = (key: keyof Filters, value: string) => {
    setFilters({ ...filters(), [key]: value });
    setCursors([null]);
  };
  const sortBy = (field: OrderField) => {
    setSort((s) => ({ field, direction: s.field === field && s.direction === 'ASC' ? 'DESC' : 'ASC' }));
    setCursors([null]);
  };
  const next = () => {
    const cursor = page.connection()?.pageInfo.endCursor;
    if (cursor) setCursors([...cursors(), cursor]);
  };
  const exportCsv = async () => {
    setExportError(null);
    const outcome = await exporter.load(props.runId);
    if ('error' in outcome) setExportError(outcome.error);
    else downloadText(`${props.runName.replace(/[^\w.-]+/g, '_')}-trades.csv`, toCsv(outcome.nodes, CSV_COLUMNS));
  };

  const Select = (p: { label: string; key: keyof Filters; options: readonly string[] }) => (
    <label class="field">
      <span class="field__label">{p.label}</span>
      <select value={filters()[p.key]} onChange={(e) => setFilter(p.key, e.currentTarget.value)} data-testid={`trade-filter-${p.key}`}>
        <option value="">All</option>
        <For each={p.options}>{(o) => <option value={o}>{o}</option>}</For>
      </select>
    </label>
  );

  return (
    <div class="trade-table" data-testid="trade-table" data-total={props.totalTrades}>
      <div class="filters">
        <Select label="Outcome" key="outcome" options={['WIN', 'LOSS']} />
        <Select label="Side" key="direction" options={['LONG', 'SHORT']} />
        <Select label="Exit reason" key="exitReason" options={EXIT_REASONS} />
        <Show when={props.symbols.length > 1}>
          <Select label="Symbol" key="symbol" options={props.symbols} />
        </Show>
        <div class="field field--actions">
          <button type="button" onClick={() => void exportCsv()} disabled={exporter.progress() !== null} data-testid="export-csv">
            {exporter.progress() ? `Loading ${formatInt(exporter.progress()!.loaded)} of ${formatInt(exporter.progress()!.total ?? props.totalTrades)}…` : `Export all ${formatInt(props.totalTrades)} as CSV`}
          </button>
        </div>
      </div>
      <ErrorBox error={exportError()} title="Could not export the trades" />
      <ErrorBox error={page.error()} title="Could not load trades" />
      <p class="muted small" data-testid="trade-count" data-count={count() ?? ''} aria-live="polite">
        {count() === null ? 'Loading trades…' : `${formatInt(count())} of ${formatInt(props.totalTrades)} trades`}
        {page.fetching() ? ' · updating…' : ''}
      </p>
      <div class="table-wrap">
        <table class="data-table">
          <thead>
            <tr>
              <For each={COLUMNS}>
                {(column) => (
                  <th class={column.numeric ? 'num' : undefined} aria-sort={column.order && sort().field === column.order ? (sort().direction === 'ASC' ? 'ascending' : 'descending') : undefined}>
                    <Show when={column.order} fallback={column.header}>
                      {(order) => (
                        <button type="button" class="sort" onClick={() => sortBy(order())} data-testid={`trade-sort-${order()}`}>
                          {column.header}
                          <span aria-hidden="true">{sort().field === order() ? (sort().direction === 'ASC' ? ' ▲' : ' ▼') : ''}</span>
                        </button>
                      )}
                    </Show>
                  </th>
                )}
              </For>
              <th><span class="visually-hidden">Fills</span></th>
            </tr>
          </thead>
          <tbody>
            <For each={page.connection()?.edges ?? []}>
              {({ node: trade }) => (
                <>
                  <tr data-testid="trade-row">
                    <For each={COLUMNS}>
                      {(column) => (
                        <td class={`${column.numeric ? 'num' : ''} ${column.key === 'profitLoss' || column.key === 'profitLossPct' ? (trade.profitLoss > 0 ? 'gain' : trade.profitLoss < 0 ? 'loss' : '') : ''}`} data-column={column.key} data-value={String(trade[column.key] ?? '')}>
                          {column.show(trade, props.quote)}
                        </td>
                      )}
                    </For>
                    <td>
                      <button type="button" class="link" aria-expanded={opened() === trade.seq} onClick={() => setOpened(opened() === trade.seq ? null : trade.seq)} data-testid="trade-fills-toggle">
                        Fills
                      </button>
                    </td>
                  </tr>
                  <Show when={opened() === trade.seq}>
                    <tr data-testid="trade-fills">
                      <td colSpan={COLUMNS.length + 1}>
                        <table class="data-table fills">
                          <thead>
                            <tr><th>Time (UTC)</th><th>Side</th><th class="num">Price</th><th class="num">Quantity</th><th class="num">Fee</th><th>Reason</th></tr>
                          </thead>
                          <tbody>
                            <For each={fillsOf(trade.seq)}>
                              {(fill) => (
                                <tr data-testid="fill-row">
                                  <td>{formatDateTime(fill.time)}</td>
                                  <td>{fill.side}</td>
                                  <td class="num">{formatPrice(fill.price)}</td>
                                  <td class="num">{formatQuantity(fill.quantity)}</td>
                                  <td class="num">{formatMoney(fill.fee, props.quote)}</td>
                                  <td>{fill.reason}</td>
                                </tr>
                              )}
                            </For>
                          </tbody>
                        </table>
                      </td>
                    </tr>
                  </Show>
                </>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={pages() > 1}>
        <nav class="pager" aria-label="Trade pages">
          <button type="button" disabled={cursors().length === 1} onClick={() => setCursors(cursors().slice(0, -1))}>Previous</button>
          <span>
            Page {cursors().length} of {pages()}
          </span>
          <button type="button" disabled={!page.connection()?.pageInfo.hasNextPage} onClick={next} data-testid="next-trades">Next</button>
        </nav>
      </Show>
    </div>
  );
}
