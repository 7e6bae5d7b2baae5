/**
 * Cash and the open-position count change only when a trade opens or closes, a few times in thousands of
 * bars, so the bar loop records them only at bars where they changed and the per-bar columns are rebuilt
 * when the result is built. Drawdown is derived from the per-bar equity the same way. This keeps the loop
 * to one per-bar store (equity) instead of four.
 */
export class AccountHistory {
  private capacity = 256;
  private n = 0;
  private bars = new Int32Array(this.capacity);
  private cashValues = new Float64Array(this.capacity);
  private openValues = new Float64Array(this.capacity);
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

  /** The account at the end of `bar`, called only when it differs from the last record. */
  record(bar: number, cash: number, open: number): void {
    if (!this.keep) {
      this.lastCash = cash;
      this.lastOpen = open;
      return;
    }
    if (this.n > 0 && this.bars[this.n - 1] === bar) this.n--; // a later change in the same bar wins
    if (this.n === this.capacity) this.grow();
    this.bars[this.n] = bar;
    this.cashValues[this.n] = cash;
    this.openValues[this.n] = open;
    this.n++;
    this.lastCash = cash;
    this.lastOpen = open;
  }

  /** Per-bar cash and open positions for bars [0, bars). */
  expand(bars: number): { cash: Float64Array; openPositions: Float64Array } {
    const cash = new Float64Array(bars);
    const openPositions = new Float64Array(bars);
    let c = this.initialCash, o = 0, j = 0;
    for (let b = 0; b < bars; b++) {
      if (j < this.n && this.bars[j] === b) {
        c = this.cashValues[j];
        o = this.openValues[j];
        j++;
      }
      cash[b] = c;
      openPositions[b] = o;
    }
    return { cash, openPositions };
  }

  private grow(): void {
    this.capacity *= 2;
    const bars = new Int32Array(this.capacity);
    bars.set(this.bars);
    this.bars = bars;
    const cash = new Float64Array(this.capacity);
    cash.set(this.cashValues);
    this.cashValues = cash;
    const open = new Float64Array(this.capacity);
    open.set(this.openValues);
    this.openValues = open;
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
