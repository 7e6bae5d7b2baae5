/** Reading the API's typed maps (ParamValue, SettingValue, Value, DataReport) back as plain records, for tests and scripts. */

/** The selection of a ParamValue / SettingValue list and of a Value. */
export const PARAM_FIELDS = '{ name number boolean }';
export const SETTING_FIELDS = '{ name number boolean text }';
export const VALUE_FIELDS = '{ number boolean text }';

interface Typed { readonly number?: number | null; readonly boolean?: boolean | null; readonly text?: string | null }

export const plain = (value: Typed): number | boolean | string | null => value.number ?? value.boolean ?? value.text ?? null;

/** A ParamValue or SettingValue list as `{ name: value }`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const record = (list: ReadonlyArray<Typed & { readonly name: string }>): Record<string, any> => Object.fromEntries(list.map((entry) => [entry.name, plain(entry)]));

const SPAN = '{ fromMs toMs missing }';
const DOWNLOAD = '{ stored interval skipped error }';
const COVERAGE = `coveredFromMs coveredToMs leadingMissing ${SPAN} trailingMissing ${SPAN} download ${DOWNLOAD}`;

/** Every field of BacktestRun.dataReport. */
export const DATA_REPORT_FIELDS = `{ gapPolicy notices
  symbols { symbol bars baseInterval ${COVERAGE} gaps missingBars filledBars gapList ${SPAN} history { requestedBars bars fromMs gaps missingBars } detail { interval bars baseInterval } funding { settlements fromMs toMs download ${DOWNLOAD} } }
  failure { symbol ${COVERAGE} gaps ${SPAN} } }`;

/** A data report with its symbols by name and a failure's fields at the top, as tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dataReportByName(report: any): any {
  if (!report) return report;
  const { symbols, failure, ...rest } = report;
  return { ...rest, ...failure, symbols: Object.fromEntries(symbols.map((entry: { symbol: string }) => [entry.symbol, entry])) };
}
