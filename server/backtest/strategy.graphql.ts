import type { ParamSpec, StrategySpec } from '../engine/index.ts';
import { builder } from '../graphql/builder.ts';
import { ValueRef } from '../graphql/values.graphql.ts';
import { listAllStrategies, STRATEGY_TITLE_DESCRIPTION, strategyFamily, strategyTitle } from '../strategies/index.ts';

export const ParamTypeEnum = builder.enumType('StrategyParamType', { values: ['int', 'float', 'bool'] as const });

export const StrategyParamRef = builder.objectRef<ParamSpec>('StrategyParam').implement({
  description: 'One tunable parameter, with what a form needs to render and validate it',
  fields: (t) => ({
    name: t.exposeString('name'),
    label: t.exposeString('label', { description: 'What a person reads, e.g. "Stop loss"' }),
    unit: t.exposeString('unit', { nullable: true, description: 'The unit of the value ("%", "bars", "minutes"…), null when it has none' }),
    type: t.field({ type: ParamTypeEnum, resolve: (p) => p.type }),
    default: t.field({ type: ValueRef, resolve: (p) => ({ value: p.default }) }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    step: t.exposeFloat('step', { nullable: true }),
    description: t.exposeString('description'),
  }),
});

const StrategyFamilyRef = builder.objectRef<{ readonly name: string; readonly title: string }>('StrategyFamily').implement({
  description: 'Every version of a strategy (a built-in has one)',
  fields: (t) => ({
    name: t.exposeString('name', { description: "The value of list filters' `strategy` matching every version: a built-in's name, user:<id> for a user strategy" }),
    title: t.exposeString('title', { description: "What a person reads: a built-in's name, a user strategy's name without its version" }),
  }),
});

export const StrategyRef = builder.objectRef<StrategySpec>('Strategy').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.string({ description: STRATEGY_TITLE_DESCRIPTION, resolve: (s) => strategyTitle(s.name) }),
    family: t.field({ type: StrategyFamilyRef, resolve: (s) => strategyFamily(s.name) }),
    description: t.exposeString('description'),
    params: t.field({ type: [StrategyParamRef], resolve: (s) => [...s.params] }),
    constraints: t.stringList({ description: 'Cross-parameter rules, e.g. "emaFast < emaSlow"', resolve: (s) => [...s.constraints] }),
  }),
});

builder.queryFields((t) => ({
  strategies: t.field({
    type: [StrategyRef],
    description: 'Every strategy with its parameter specs: the built-ins, then the latest version of each user strategy (named user:<id>@<version>)',
    resolve: (_root, _args, ctx) => listAllStrategies(ctx.em),
  }),
}));
