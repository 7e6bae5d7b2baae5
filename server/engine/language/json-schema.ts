import { INDICATORS } from '../indicators/catalogue.ts';
import { CANDLE_FIELDS } from '../indicators/descriptor.ts';
import { ARITHMETIC_OPS, COMPARE_OPS, LANGUAGE_VERSION, SERIES_RULES, SIZING_KINDS } from './document.ts';
import { DOCUMENT_LIMITS } from './problems.ts';

/**
 * The JSON Schema (draft 2020-12) of a strategy document, built from the same lists the checker and the
 * GraphQL input read (kinds, operations, candle fields, the indicator catalogue). It checks the shape;
 * the checker (validate.ts) also checks meaning: declared parameters, ranges, references and cycles.
 */
export function strategyDocumentJsonSchema(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
  const object = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, additionalProperties: false, properties });
  /** A union: exactly one of the listed keys. */
  const oneKey = (kinds: Record<string, unknown>) => ({
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    additionalProperties: false,
    properties: kinds,
  });
  const list = (items: unknown, maxItems?: number) => ({ type: 'array', items, ...(maxItems === undefined ? {} : { maxItems }) });
  const name = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://candlelab.local/strategy-document.schema.json',
    title: 'Candlelab strategy document',
    description: 'A declarative trading strategy (README "Strategy language"). Every union is an object with exactly one key naming its kind.',
    ...object(['language', 'name', 'rules'], {
      language: { const: LANGUAGE_VERSION },
      name: { type: 'string', minLength: 1, maxLength: 100 },
      description: { type: 'string', maxLength: 2000 },
      params: list(ref('paramDecl'), DOCUMENT_LIMITS.maxParams),
      constraints: list(ref('constraint'), 32),
      series: list(object(['name', 'series'], { name, series: ref('series') }), DOCUMENT_LIMITS.maxNamedSeries),
      rules: ref('rules'),
    }),
    $defs: {
      number: oneKey({ value: { type: 'number' }, param: name }),
      paramDecl: object(['name', 'type', 'default'], {
        name,
        label: { type: 'string', maxLength: 500 },
        unit: { type: 'string', maxLength: 500 },
        type: { enum: ['int', 'float', 'bool'] },
        default: { type: 'number' },
        min: { type: 'number' },
        max: { type: 'number' },
        step: { type: 'number', exclusiveMinimum: 0 },
        description: { type: 'string', maxLength: 500 },
      }),
      constraint: oneKey({ increasing: list(name), notBoth: list(name), needsAny: list(name) }),
      indicator: {
        ...object(['name'], {
          name: { enum: INDICATORS.map((d) => d.name) },
          params: list(object(['name', 'value'], { name: { type: 'string' }, value: ref('number') }), 16),
          source: ref('series'),
          output: { type: 'string' },
        }),
        allOf: INDICATORS.map((d) => ({
          if: { properties: { name: { const: d.name } } },
          then: {
            properties: {
              params: d.params.length === 0 ? { maxItems: 0 } : { items: { properties: { name: { enum: d.params.map((p) => p.name) } } } },
              output: { enum: d.outputs.map((o) => o.name) },
              ...(d.source === null ? { source: false } : {}),
            },
          },
        })),
      },
      series: oneKey({
        candle: { enum: CANDLE_FIELDS },
        indicator: ref('indicator'),
        constant: ref('number'),
        ref: name,
        arithmetic: object(['op', 'left', 'right'], { op: { enum: ARITHMETIC_OPS }, left: ref('series'), right: ref('series') }),
        abs: ref('series'),
        offset: object(['of', 'bars'], { of: ref('series'), bars: ref('number') }),
        higherTimeframe: object(['minutes', 'of'], { minutes: ref('number'), of: ref('series') }),
        choose: object(['if', 'then', 'else'], { if: ref('condition'), then: ref('series'), else: ref('series') }),
      }),
      cross: object(['left', 'right'], { left: ref('series'), right: ref('series'), scale: ref('series') }),
      trend: object(['of', 'bars'], { of: ref('series'), bars: ref('number') }),
      condition: oneKey({
        compare: object(['op', 'left', 'right'], { op: { enum: COMPARE_OPS }, left: ref('series'), right: ref('series') }),
        crossesAbove: ref('cross'),
        crossesBelow: ref('cross'),
        between: object(['of', 'low', 'high'], { of: ref('series'), low: ref('series'), high: ref('series') }),
        rising: ref('trend'),
        falling: ref('trend'),
        nOfM: object(['condition', 'n', 'm'], { condition: ref('condition'), n: ref('number'), m: ref('number') }),
        all: { ...list(ref('condition')), minItems: 1 },
        any: { ...list(ref('condition')), minItems: 1 },
        not: ref('condition'),
        flag: name,
      }),
      atr: object(['multiple', 'period'], { multiple: ref('number'), period: ref('number') }),
      rules: {
        ...object([], {
          entryLong: ref('condition'),
          entryShort: ref('condition'),
          exitLong: ref('condition'),
          exitShort: ref('condition'),
          stops: object([], {
            stopLoss: list(oneKey({ percent: ref('number'), atr: ref('atr') }), 8),
            takeProfit: oneKey({ percent: ref('number'), atr: ref('atr'), riskReward: ref('number') }),
            trailing: oneKey({ percent: ref('number'), atr: ref('atr') }),
          }),
          sizing: oneKey(Object.fromEntries(SIZING_KINDS.map((kind) => [kind, ref('number')]))),
          ...Object.fromEntries(SERIES_RULES.map((key) => [key, ref('series')])),
        }),
        anyOf: [{ required: ['entryLong'] }, { required: ['entryShort'] }],
      },
    },
  };
}
