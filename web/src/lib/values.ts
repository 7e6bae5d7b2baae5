import { graphql, type ResultOf } from '../graphql.ts';

/**
 * The API's typed maps (ParamValue, SettingValue, Value lists): one field per kind, exactly one set.
 * Views read them as plain values and records through these helpers instead of re-declaring shapes.
 */

export const ParamValueFields = graphql(`fragment ParamValueFields on ParamValue { name number boolean }`);
export const SettingValueFields = graphql(`fragment SettingValueFields on SettingValue { name number boolean text }`);
export const ValueFields = graphql(`fragment ValueFields on Value { number boolean text }`);

export type ParamValue = ResultOf<typeof ParamValueFields>;
export type SettingValue = ResultOf<typeof SettingValueFields>;
export type Value = ResultOf<typeof ValueFields>;

export type PlainValue = number | boolean | string | null;

/** A typed value as the plain value it stands for (null: a setting turned off). */
export const plainOf = (value: { readonly number?: number | null; readonly boolean?: boolean | null; readonly text?: string | null }): PlainValue =>
  value.number ?? value.boolean ?? value.text ?? null;

/** A parameter's value (parameters are numbers or booleans). */
export const paramOf = (value: ParamValue): number | boolean => value.number ?? value.boolean ?? Number.NaN;

/** A ParamValue list as the `{ name: value }` record a request takes. */
export const paramRecord = (values: readonly ParamValue[] | null | undefined): Record<string, number | boolean> =>
  Object.fromEntries((values ?? []).map((value) => [value.name, paramOf(value)]));

/** A SettingValue list as a `{ name: value }` record. */
export const settingRecord = (values: readonly SettingValue[] | null | undefined): Record<string, PlainValue> =>
  Object.fromEntries((values ?? []).map((value) => [value.name, plainOf(value)]));
