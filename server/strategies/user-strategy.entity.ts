import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { StrategyDocument } from '../engine/index.ts';

/**
 * A strategy a user wrote as a document. Its versions hold the documents; an update adds a version and
 * never changes one, so a run or sweep that names `user:<id>@<version>` keeps the document it used.
 * Deleting marks the strategy deleted: its versions stay for the runs that used them.
 */
export const UserStrategy = defineEntity({
  name: 'UserStrategy',
  tableName: 'user_strategy',
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.string().length(100),
    latestVersion: p.integer(),
    deletedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  }),
});

export type IUserStrategy = InferEntity<typeof UserStrategy>;

/** What the checks found when the version was saved (warm-up per series, look-ahead by truncation). */
export interface StoredChecks {
  readonly warmup: readonly { path: string; bars: number; exact: boolean }[];
  readonly historyBars: number;
  readonly lookAhead: { readonly passed: boolean; readonly cuts: number; readonly barsCompared: number; readonly findings: readonly { cut: number; bar: number; full: string; cutRange: string }[] };
}

export const UserStrategyVersion = defineEntity({
  name: 'UserStrategyVersion',
  tableName: 'user_strategy_version',
  uniques: [{ properties: ['strategy', 'version'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    strategy: p.manyToOne(UserStrategy).deleteRule('cascade'),
    version: p.integer(),
    document: p.json<StrategyDocument>(),
    checks: p.json<StoredChecks>(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});

export type IUserStrategyVersion = InferEntity<typeof UserStrategyVersion>;
