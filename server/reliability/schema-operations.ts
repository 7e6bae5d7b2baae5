import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isInputType,
  typeFromAST,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * A valid operation for every root field of a schema, with made-up but well-typed arguments, so
 * tests and the reliability run cover each mutation and subscription, including ones added later.
 */
export type RootKind = 'query' | 'mutation' | 'subscription';

export interface SampleOperation {
  readonly kind: RootKind;
  readonly field: string;
  readonly query: string;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const SCALAR_SAMPLES: Record<string, string> = {
  ID: JSON.stringify(UNKNOWN_ID),
  String: '"x"',
  Int: '4',
  Float: '1.5',
  Boolean: 'true',
  DateTime: '"2024-01-01T00:00:00Z"',
  JSON: '{}',
};

/** A literal of the type: required input fields only, one-element lists. */
export function sampleLiteral(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sampleLiteral(type.ofType);
  if (isListType(type)) return `[${sampleLiteral(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return `{ ${fields.map((field) => `${field.name}: ${sampleLiteral(field.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) return SCALAR_SAMPLES[type.name] ?? '"x"';
  return 'null';
}

const requiredArgs = (args: readonly GraphQLArgument[]) => args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) ? ' { __typename }' : '';
}

export function sampleOperation(kind: RootKind, field: GraphQLField<unknown, unknown>): SampleOperation {
  const args = requiredArgs(field.args);
  const argText = args.length ? `(${args.map((arg) => `${arg.name}: ${sampleLiteral(arg.type)}`).join(', ')})` : '';
  return { kind, field: field.name, query: `${kind} Sample_${field.name} { ${field.name}${argText}${selectionOf(field)} }` };
}

export function sampleOperations(schema: GraphQLSchema, kind: RootKind): SampleOperation[] {
  const root = kind === 'query' ? schema.getQueryType() : kind === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.values(root?.getFields() ?? {}).map((field) => sampleOperation(kind, field));
}

const SCALAR_VALUES: Record<string, unknown> = { ID: UNKNOWN_ID, String: 'x', Int: 4, Float: 1.5, Boolean: true, DateTime: '2024-01-01T00:00:00Z', JSON: {} };

/** A JSON value of the input type: required fields only, one-element lists. */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(fields.map((field) => [field.name, sampleValue(field.type)]));
  }
  return isScalarType(type) ? (SCALAR_VALUES[type.name] ?? 'x') : null;
}

/** Values for every variable an operation declares: `overrides` by name, else a sample of its type. */
export function sampleVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    (operation.variableDefinitions ?? []).map((definition) => {
      const name = definition.variable.name.value;
      if (name in overrides) return [name, overrides[name]];
      const type = typeFromAST(schema, definition.type as NamedTypeNode);
      return [name, type && isInputType(type) ? sampleValue(type) : null];
    }),
  );
}
