/** Display formatting shared by the views. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const formatInt = (n: number | null | undefined): string => (n == null ? '—' : integer.format(n));
export const formatMoney = (n: number | null | undefined): string => (n == null ? '—' : money.format(n));
export const formatNumber = (n: number | null | undefined): string => (n == null ? '—' : decimal.format(n));
export const formatPercent = (n: number | null | undefined): string => (n == null ? '—' : `${decimal.format(n)}%`);

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
}

/** `YYYY-MM-DD` of a UTC timestamp, for date inputs. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
