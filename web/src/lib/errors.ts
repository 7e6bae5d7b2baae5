import type { CombinedError } from '@urql/core';

export interface ApiError {
  readonly message: string;
  readonly code: string;
}

/** The first GraphQL error's message and `extensions.code` (or the network failure). */
export function apiError(error: CombinedError | undefined | null): ApiError | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (first) {
    const code = first.extensions?.['code'];
    return { message: first.message, code: typeof code === 'string' ? code : 'UNKNOWN_ERROR' };
  }
  return { message: error.networkError?.message ?? error.message, code: 'NETWORK_ERROR' };
}

/** Problems keyed by input field (`endDate`, `strategyParams`, `extraLegs.0.symbols`…). */
export type FieldErrors = Record<string, string[]>;

/**
 * Sorts the API's complaints onto the form's fields: each issue's own field (`extensions.fields`),
 * an error's `extensions.field`, or for schema validation the `input.field: message` prefix of each
 * issue. What names no field stays in the general error.
 */
export function fieldErrorsOf(error: CombinedError | undefined | null): { fields: FieldErrors; general: ApiError | null } {
  const fields: FieldErrors = {};
  let general: ApiError | null = null;
  const add = (field: string, message: string) => (fields[field] ??= []).push(message);
  for (const graphQLError of error?.graphQLErrors ?? []) {
    const extensions = graphQLError.extensions ?? {};
    const code = typeof extensions['code'] === 'string' ? extensions['code'] : 'UNKNOWN_ERROR';
    const field = typeof extensions['field'] === 'string' ? extensions['field'] : null;
    const issues = Array.isArray(extensions['issues']) ? extensions['issues'].map(String) : [];
    // Several bad settings at once: `fields[i]` names the field of `issues[i]`, so each goes beside its own.
    const issueFields = Array.isArray(extensions['fields']) ? extensions['fields'].map(String) : [];
    if (issueFields.length === issues.length && issues.length > 0) {
      issues.forEach((issue, i) => add(issueFields[i], issue));
      continue;
    }
    if (field) {
      for (const issue of issues.length > 0 ? issues : [graphQLError.message]) add(field, issue);
      continue;
    }
    let placed = false;
    for (const issue of issues) {
      const match = /^(?:input\.)?([A-Za-z][\w.]*): (.*)$/.exec(issue);
      if (match) {
        add(match[1], match[2]);
        placed = true;
      }
    }
    if (!placed) general ??= { message: graphQLError.message, code };
  }
  if (!general && error && error.graphQLErrors.length === 0) general = apiError(error);
  return { fields, general };
}
