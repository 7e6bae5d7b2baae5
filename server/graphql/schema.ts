import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import '../backtest/backtest.graphql.ts';
import '../backtest/monte-carlo.graphql.ts';
import '../backtest/strategy.graphql.ts';
import '../market-data/market-data.graphql.ts';
import '../optimization/optimization.graphql.ts';
import '../optimization/sweep-analysis.graphql.ts';
import '../optimization/learning.graphql.ts';
import '../optimization/overfitting.graphql.ts';
import '../recommendations/recommendation.graphql.ts';
import '../universes/universe.graphql.ts';
import '../strategies/strategy.graphql.ts';
import '../strategies/language-catalogue.graphql.ts';

/** Imports every feature module (each registers its types on the builder) and builds the schema once. */
export const schema: GraphQLSchema = builder.toSchema();

export const sortedSchema = () => lexicographicSortSchema(schema);
