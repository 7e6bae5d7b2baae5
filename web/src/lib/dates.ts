/**
 * The UI's one date convention: days are UTC, and a range is shown and typed as first day → last day
 * included. The API takes and returns an exclusive end (the first instant not included); these are the
 * only conversions between the two, so a form, an error and a header always show the same days.
 */

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as typed → epoch ms of that UTC midnight, or null when it is not a calendar date. */
export function dayToMs(day: string): number | null {
  const match = DAY.exec(day.trim());
  if (!match) return null;
  const [year, month, day_] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  // setUTCFullYear keeps years below 100 as typed (Date.UTC would read 25 as 1925).
  const date = new Date(0);
  date.setUTCFullYear(year, month, day_);
  // It also rolls 2025-02-30 over to March: a typed day must exist as typed.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day_) return null;
  return date.getTime();
}

/** The first day of a range as the API takes it (its UTC midnight). */
export const startDayToApi = (day: string): string | null => {
  const ms = dayToMs(day);
  return ms === null ? null : new Date(ms).toISOString();
};

/** The last day included → the API's exclusive end (the next UTC midnight). */
export const lastDayToApi = (day: string): string | null => {
  const ms = dayToMs(day);
  return ms === null ? null : new Date(ms + DAY_MS).toISOString();
};

/** `YYYY-MM-DD` of a UTC instant. */
export const dayOf = (ms: number): string => {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  // toISOString writes years outside 0–9999 as ±YYYYYY; the 4-digit form is what a date input holds.
  return `${String(year).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
};

/** The API's exclusive end → the last day included (the day of the instant before it). */
export const lastDayOf = (exclusiveEnd: string | number): string => dayOf(new Date(exclusiveEnd).getTime() - 1);

const isMidnight = (ms: number) => ms % DAY_MS === 0;
const dateTime = (ms: number) => `${dayOf(ms)} ${new Date(ms).toISOString().slice(11, 16)}`;

/**
 * A range the API gave as [from, to): `2024-01-01 → 2024-02-29` (last day included) when both ends are
 * UTC midnights; otherwise its times, `2024-01-01 06:00 → 2024-03-05 13:00 UTC (end excluded)`.
 */
export function formatRange(from: string | number | null | undefined, to: string | number | null | undefined): string {
  if (from == null || to == null) return '—';
  const fromMs = new Date(from).getTime();
  const toMs = new Date(to).getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return '—';
  if (isMidnight(fromMs) && isMidnight(toMs)) return `${dayOf(fromMs)} → ${lastDayOf(toMs)}`;
  return `${dateTime(fromMs)} → ${dateTime(toMs)} UTC (end excluded)`;
}

const ISO_INSTANT = /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d{1,3})?)?Z\b/g;

/** A message from the API with its ISO instants written as the UI writes times (`2024-03-01 14:05 UTC`). */
export const readableTimes = (text: string): string => text.replace(ISO_INSTANT, '$1 $2 UTC');
