/**
 * Field descriptions from an introspection query (`__type(name:) { fields | inputFields { name description } }`).
 * gql.tada types introspection results as `{}`, so they are read with runtime checks rather than cast.
 */
export function fieldDescriptions(type: unknown, list: 'fields' | 'inputFields'): Record<string, string> {
  const fields: unknown = type && typeof type === 'object' ? Reflect.get(type, list) : null;
  if (!Array.isArray(fields)) return {};
  return Object.fromEntries(
    fields.flatMap((field: unknown) => {
      const name: unknown = field && typeof field === 'object' ? Reflect.get(field, 'name') : null;
      const description: unknown = field && typeof field === 'object' ? Reflect.get(field, 'description') : null;
      return typeof name === 'string' && typeof description === 'string' && description !== '' ? [[name, description]] : [];
    }),
  );
}

/**
 * Input fields' default values from an introspection query (`__type(name:) { inputFields { name defaultValue } }`):
 * GraphQL prints them as literals (`100`, `"USDT"`), shown as they are.
 */
export function inputFieldDefaults(type: unknown): Record<string, string> {
  const fields: unknown = type && typeof type === 'object' ? Reflect.get(type, 'inputFields') : null;
  if (!Array.isArray(fields)) return {};
  return Object.fromEntries(
    fields.flatMap((field: unknown) => {
      const name: unknown = field && typeof field === 'object' ? Reflect.get(field, 'name') : null;
      const value: unknown = field && typeof field === 'object' ? Reflect.get(field, 'defaultValue') : null;
      return typeof name === 'string' && typeof value === 'string' ? [[name, value]] : [];
    }),
  );
}
