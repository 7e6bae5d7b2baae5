import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLInputObjectType, type GraphQLInterfaceType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLType } from 'graphql';
import { describe, expect, it } from 'vitest';

/** Results are typed; JSON stays only where the shape is the user's own, and says so. */
const MAX_JSON_FIELDS = 5;

const schema = buildSchema(readFileSync(path.resolve(import.meta.dirname, '../../../schema.graphql'), 'utf8'));

const hasFields = (type: GraphQLNamedType): type is GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType =>
  !type.name.startsWith('__') && (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type));
const isJson = (type: GraphQLType) => getNamedType(type).name === 'JSON';
const typesWithFields = Object.values(schema.getTypeMap()).filter(hasFields);

const jsonFields = typesWithFields.flatMap((type) =>
  Object.values(type.getFields())
    .filter((field) => isJson(field.type))
    .map((field) => ({ at: `${type.name}.${field.name}`, input: isInputObjectType(type), description: field.description ?? '' })),
);

describe('JSON in schema.graphql', () => {
  it(`has at most ${MAX_JSON_FIELDS} JSON fields, all of them inputs`, () => {
    expect(jsonFields.length).toBeGreaterThan(0);
    expect(jsonFields.length).toBeLessThanOrEqual(MAX_JSON_FIELDS);
    expect(jsonFields.filter((field) => !field.input).map((field) => field.at)).toEqual([]);
  });

  it('says in each JSON field’s description why it is JSON', () => {
    for (const field of jsonFields) expect(field.description, field.at).toMatch(/\bJSON because\b/);
  });

  it('takes no JSON in any field argument either', () => {
    const jsonArguments = typesWithFields.filter(isObjectType).flatMap((type) =>
      Object.values(type.getFields()).flatMap((field) => field.args.filter((arg) => isJson(arg.type)).map((arg) => `${type.name}.${field.name}(${arg.name})`)),
    );
    expect(jsonArguments).toEqual([]);
  });
});
