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
