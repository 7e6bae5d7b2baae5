import type { Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { createLive } from '../../lib/live.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { CANCEL_FETCH, COVERAGE, FETCH_HISTORY, FETCH_PROGRESS, IMPORT_CANDLES, LOAD_SAMPLE, QUALITY } from './operations.ts';

export type Coverage = ResultOf<typeof COVERAGE>['marketData'][number];
export type FetchProgress = ResultOf<typeof FETCH_PROGRESS>['dataFetchProgress'];
export type ImportResult = ResultOf<typeof IMPORT_CANDLES>['importCandles'];
export type ImportInput = VariablesOf<typeof IMPORT_CANDLES>['input'];
export type FileFormat = ImportInput['format'];

export function createCoverage(filter: Accessor<{ symbol?: string; interval?: string }> = () => ({})) {
  const query = createGraphQLQuery(COVERAGE, filter);
  return { rows: () => query.data()?.marketData ?? [], loading: query.loading, error: query.error, refetch: query.refetch };
}

export function createQuality(vars: Accessor<VariablesOf<typeof QUALITY> | null>) {
  const query = createGraphQLQuery(QUALITY, vars, 'network-only');
  return { report: () => query.data()?.dataQuality ?? null, loading: query.loading, error: query.error };
}

export function createFetchProgress(id: Accessor<string | null>) {
  return createLive(FETCH_PROGRESS, () => (id() ? { id: id()! } : null), (): FetchProgress | null => null, (_prev, data) => data.dataFetchProgress);
}

export const createFetchHistory = () => createGraphQLMutation(FETCH_HISTORY);
export const createCancelFetch = () => createGraphQLMutation(CANCEL_FETCH);
export const createImport = () => createGraphQLMutation(IMPORT_CANDLES);
export const createLoadSample = () => createGraphQLMutation(LOAD_SAMPLE);

/** What a file name says: Binance archives are SYMBOL-INTERVAL-YYYY-MM(-DD).zip|csv. */
export function guessFromFileName(name: string, firstLine: string | null): { symbol: string; interval: string; format: FileFormat } {
  const match = /^([A-Z0-9]+)-(1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M)-\d{4}-\d{2}/.exec(name);
  const zip = name.toLowerCase().endsWith('.zip');
  const headerless = firstLine !== null && /^\d/.test(firstLine.trim());
  return {
    symbol: match?.[1] ?? '',
    interval: match?.[2] ?? '',
    format: zip ? 'BINANCE_ARCHIVE' : headerless ? 'BINANCE_CSV' : 'CSV',
  };
}

/** File contents as the API takes them: text for CSV, base64 for a zip archive. */
export async function fileContent(file: File, format: FileFormat): Promise<string> {
  if (format !== 'BINANCE_ARCHIVE') return file.text();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
