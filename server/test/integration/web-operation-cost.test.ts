import { complexityFromQuery } from '@pothos/plugin-complexity';
import { formatDocument } from '@urql/core';
import { Kind, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { QUERY_SHAPE_LIMITS } from '../../graphql/cost.ts';
import { schema } from '../../graphql/schema.ts';
import { sampleVariables } from '../../reliability/schema-operations.ts';
import * as backtests from '../../../web/src/features/backtests/operations.ts';
import * as marketData from '../../../web/src/features/market-data/operations.ts';
import * as recommendations from '../../../web/src/features/recommendations/operations.ts';
import * as sweeps from '../../../web/src/features/sweeps/operations.ts';

/** Generous values for whatever the cost of a field depends on: the web client's largest pages and ranges. */
const WORST_CASE = { first: 200, last: 200, maxPoints: 5000, from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z', interval: '5m' };
const DEFAULT_MAX_QUERY_COST = 20_000;

const operations = Object.entries({ ...backtests, ...marketData, ...recommendations, ...sweeps }).filter(
  (entry): entry is [string, DocumentNode] =>
    typeof entry[1] === 'object' && entry[1] !== null && 'definitions' in entry[1] && (entry[1] as DocumentNode).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION),
);

/** The cost limits must never refuse the app's own client: every operation it sends fits, with room. */
describe("the web client's operations", () => {
  it('are all found', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it.each(operations)('%s fits the default cost, depth and breadth limits, as urql sends it', (_name, written) => {
    // An operation the schema rejects has no cost to judge; web/test/operations.test.ts reports it.
    if (validate(schema, written).length > 0) return;
    // urql adds __typename to every selection set, and each costs like any field.
    const document = formatDocument(written) as DocumentNode;
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const cost = complexityFromQuery(document, { schema, variables: sampleVariables(schema, operation, WORST_CASE) });
    expect(cost.complexity).toBeLessThanOrEqual(DEFAULT_MAX_QUERY_COST / 2);
    expect(cost.depth).toBeLessThanOrEqual(QUERY_SHAPE_LIMITS.depth);
    expect(cost.breadth).toBeLessThanOrEqual(QUERY_SHAPE_LIMITS.breadth);
  });
});
