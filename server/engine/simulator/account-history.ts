/**
 * Cash and the open-position count change only when a trade opens or closes, a few times in thousands of
 * bars, so the bar loop records them only at bars where they changed and the per-bar columns are rebuilt
 * when the result is built. Drawdown is derived from the per-bar equity the same way. This keeps the loop
 * to one per-bar store (equity) instead of four.
 */
/** Records per chunk; the history grows by whole chunks and never copies what it holds. */
const CHUNK_RECORDS = 1024;
/** One record: bar, cash, open positions. */
const STRIDE = 3;

export class AccountHistory {
  private n = 0;
  private readonly chunks: Float64Array[] = [];
  /** The chunk being written and the offset of the last record in it. */
  private rows = new Float64Array(0);
  private offset = CHUNK_RECORDS * STRIDE - STRIDE;
  private lastBar = -1;
  lastCash: number;
  lastOpen: number;

  /** `keep` false: only the last values are tracked (the lean path builds no per-bar columns). */
  constructor(
    private readonly initialCash: number,
    private readonly keep = true,
  ) {
    this.lastCash = initialCash;
    this.lastOpen = 0;
  }

  /**
   * The account at the end of `bar`, called only when it differs from the last record. It is read from the
   * portfolio rather than passed: a number passed to a call V8 does not inline is boxed, and this is called at every trade.
   */
  record(bar: number, account: { readonly cash: number; readonly openCount: number }): void {
    const cash = account.cash, open = account.openCount;
    this.lastCash = cash;
    this.lastOpen = open;
    if (!this.keep) return;
    let o = this.offset;
    // A later change in the same bar wins: it overwrites the bar's record.
    if (bar !== this.lastBar) {
      o += STRIDE;
      if (o === CHUNK_RECORDS * STRIDE) o = this.newChunk();
      this.lastBar = bar;
      this.n++;
    }
    const rows = this.rows;
    rows[o] = bar;
    rows[o + 1] = cash;
    rows[o + 2] = open;
    this.offset = o;
  }

  private newChunk(): number {
    this.rows = new Float64Array(CHUNK_RECORDS * STRIDE);
    this.chunks.push(this.rows);
    return 0;
  }

  private barAt(k: number): number {
    return this.chunks[Math.floor(k / CHUNK_RECORDS)][(k % CHUNK_RECORDS) * STRIDE];
  }

  /** Per-bar cash and open positions for bars [from, to) (nothing is recorded before the run's first bar). */
  expand(from: number, to: number): { cash: Float64Array; openPositions: Float64Array } {
    const cash = new Float64Array(to - from);
    const openPositions = new Float64Array(to - from);
    let c = this.initialCash, o = 0, j = 0;
    for (let b = from; b < to; b++) {
      if (j < this.n && this.barAt(j) === b) {
        const rows = this.chunks[Math.floor(j / CHUNK_RECORDS)], at = (j % CHUNK_RECORDS) * STRIDE;
        c = rows[at + 1];
        o = rows[at + 2];
        j++;
      }
      cash[b - from] = c;
      openPositions[b - from] = o;
    }
    return { cash, openPositions };
  }
}

/** Drawdown from the running peak, in percent; the peak starts at the initial capital (as in the bar loop). */
export function drawdownSeries(equity: Float64Array, initialCapital: number): Float64Array {
  const out = new Float64Array(equity.length);
  let top = initialCapital;
  for (let b = 0; b < equity.length; b++) {
    const e = equity[b];
    if (e > top) top = e;
    out[b] = top > 0 ? ((top - e) / top) * 100 : 0;
  }
  return out;
}
