import { builder, type SchemaTypes } from './builder.ts';
import { PLAIN_VALUE_TYPE } from './cost.ts';

/**
 * Typed forms of the maps results carry: parameter sets, partial run settings, values on an axis.
 * A value is a number, a boolean or a text; GraphQL has no scalar union, so each kind has its own
 * nullable field and exactly one is set (none for a setting turned off). A union of object types
 * would say the same at the cost of a fragment on every read.
 */

export type PlainValue = number | boolean | string | null;

type ValueFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, { value: PlainValue }>;

const numberField = (t: ValueFieldBuilder, description: string) =>
  t.float({ nullable: true, description, resolve: ({ value }) => (typeof value === 'number' && Number.isFinite(value) ? value : null) });
const booleanField = (t: ValueFieldBuilder, description: string) =>
  t.boolean({ nullable: true, description, resolve: ({ value }) => (typeof value === 'boolean' ? value : null) });
const textField = (t: ValueFieldBuilder, description: string) =>
  t.string({ nullable: true, description, resolve: ({ value }) => (typeof value === 'string' ? value : null) });

export const ValueRef = builder.objectRef<{ value: PlainValue }>('Value').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'One value: exactly one of number, boolean and text is set',
  fields: (t) => ({
    number: numberField(t, 'An int or float value'),
    boolean: booleanField(t, 'A bool value'),
    text: textField(t, 'A choice (an ENUM setting)'),
  }),
});

export const ParamValueRef = builder.objectRef<{ name: string; value: PlainValue }>('ParamValue').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: "One strategy parameter's value: number for int and float parameters, boolean for bool ones (StrategyParam.type says which)",
  fields: (t) => ({
    name: t.exposeString('name'),
    number: numberField(t, 'The value of an int or float parameter'),
    boolean: booleanField(t, 'The value of a bool parameter'),
  }),
});

export const SettingValueRef = builder.objectRef<{ name: string; value: PlainValue }>('SettingValue').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: "One run setting's value (SettingDefinition.kind says which field is set; none is for a setting turned off)",
  fields: (t) => ({
    name: t.exposeString('name'),
    number: numberField(t, 'The value of a FLOAT or INT setting'),
    boolean: booleanField(t, 'The value of a BOOL setting'),
    text: textField(t, 'The value of an ENUM setting'),
  }),
});

export const ParamSetRef = builder.objectRef<Readonly<Record<string, PlainValue>>>('ParamSet').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'A whole parameter set',
  fields: (t) => ({ params: t.field({ type: [ParamValueRef], resolve: (set) => namedValues(set) }) }),
});

/** A stored map as the typed list the API returns, in the map's order. */
export const namedValues = (map: Readonly<Record<string, unknown>> | null | undefined): Array<{ name: string; value: PlainValue }> =>
  Object.entries(map ?? {}).map(([name, value]) => ({ name, value: isPlain(value) ? value : null }));

/** Values of an axis or a list as Value objects. */
export const plainValues = (values: readonly unknown[]): Array<{ value: PlainValue }> => values.map((value) => ({ value: isPlain(value) ? value : null }));

const isPlain = (value: unknown): value is PlainValue => value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string';

/** Why the parameter maps a request gives stay JSON: every remaining JSON field's description carries it. */
export const PARAMS_ARE_JSON = "JSON because its keys are the strategy's own parameter names (Strategy.params), which the schema cannot list; results return them typed (ParamValue)";
