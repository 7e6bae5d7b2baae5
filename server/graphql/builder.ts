import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { JSONResolver } from 'graphql-scalars';
import { DateTimeOrDate } from './date-time.ts';
import type { RequestContext } from '../services.ts';
import { defaultFieldCost, QUERY_SHAPE_LIMITS } from './cost.ts';
import { AppError } from './errors.ts';

/**
 * The schema builder: plugins, scalars and the context type. Defines no object types; each
 * feature module defines its own beside its service (Pothos "app layout").
 */
export const builder = new SchemaBuilder<{
  Context: RequestContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ComplexityPlugin, RelayPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // A connection is charged for its page size (cost.ts); its edges list must not multiply again.
    edgesFieldOptions: { complexity: { field: 1, multiplier: 1 } },
  },
  complexity: {
    fieldComplexity: defaultFieldCost,
    limit: (ctx) => ({ complexity: ctx.services.config.security.maxQueryCost, ...QUERY_SHAPE_LIMITS }),
    complexityError: (kind, result) => {
      const limit = { Complexity: ['cost', 'complexity', 'maxComplexity'], Depth: ['depth', 'depth', 'maxDepth'], Breadth: ['breadth', 'breadth', 'maxBreadth'] } as const;
      const [what, value, max] = limit[kind];
      const env = kind === 'Complexity' ? ' (CANDLELAB_MAX_QUERY_COST)' : '';
      return new AppError('QUERY_TOO_COMPLEX', `The operation's ${what} is ${result[value]}; the limit is ${result[max]}${env}. Ask for fewer fields, items or candles at once.`, {
        limit: what,
        max: result[max],
        actual: result[value],
      });
    },
  },
  validation: {
    validationError: (result) => {
      const messages = result.issues.map((issue) => {
        const at = issue.path?.map((part) => (typeof part === 'object' ? String(part.key) : String(part))).join('.');
        return at ? `${at}: ${issue.message}` : issue.message;
      });
      return new AppError('BAD_USER_INPUT', messages.join('; '), { issues: messages });
    },
  },
});

builder.addScalarType('DateTime', DateTimeOrDate);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

/** The builder's type parameters, for helpers that build fields outside a type definition. */
export type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
