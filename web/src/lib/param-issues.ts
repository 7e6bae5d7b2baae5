import type { CombinedError } from '@urql/core';
import { fieldErrorsOf, type ApiError } from './errors.ts';
import type { StrategyParam } from './operations.ts';
import type { FormErrors } from './run-settings-form.ts';

/** Server issues about strategy parameters start with the parameter's name: put them beside it. */
export function placeParamIssues(fields: FormErrors, paramsOf: (field: string) => readonly StrategyParam[] | undefined): FormErrors {
  const placed: FormErrors = {};
  for (const [field, messages] of Object.entries(fields)) {
    const params = field.endsWith('strategyParams') ? paramsOf(field) : undefined;
    for (const message of messages) {
      const param = params?.find((p) => message.startsWith(`${p.name} `));
      const key = param ? `${field}.${param.name}` : field;
      (placed[key] ??= []).push(message);
    }
  }
  return placed;
}

/** A refused request's problems: each beside its field (a parameter's beside that parameter), the rest in general. */
export function refusalOf(error: CombinedError, paramsOf: (field: string) => readonly StrategyParam[] | undefined): { fields: FormErrors; general: ApiError | null } {
  const { fields, general } = fieldErrorsOf(error);
  return { fields: placeParamIssues(fields, paramsOf), general };
}
