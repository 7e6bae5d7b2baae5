import { getStrategyModule, strategyDocumentJsonSchema } from '../engine/index.ts';
import { DirectionEnum, EXIT_REASON_DESCRIPTION, StrategyParamRef, StrategyRef } from '../backtest/index.ts';
import { builder } from '../graphql/builder.ts';
import { AppError } from '../graphql/errors.ts';
import { StrategyDocumentInput } from './document-inputs.graphql.ts';
import { checkDocument, checkStrategy } from './strategy-checks.ts';
import { documentOfStrategy, loadUserStrategies } from './strategy-loader.ts';
import { previewStrategy, type PreviewTrade, type SignalMarker, type StrategyPreview } from './strategy-preview.ts';
import { parseUserStrategyName, userStrategyName } from '../../domain/strategy-names.ts';
import {
  builtinDocumentJson,
  createUserStrategy,
  deleteUserStrategy,
  documentFromInput,
  listUserStrategies,
  requireUserStrategy,
  updateUserStrategy,
  versionOf,
  versionsOf,
} from './strategy.service.ts';
import type { IUserStrategy, IUserStrategyVersion, StoredChecks } from './user-strategy.entity.ts';
import { paramSpecsOf } from '../engine/index.ts';

const WarmupLineRef = builder.objectRef<StoredChecks['warmup'][number]>('StrategyWarmupLine').implement({
  description: 'Bars of history one part of a strategy needs before its values are stable',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The part: series.<name>, rules.entryLong, rules.stops.stopLoss[0]…' }),
    bars: t.exposeInt('bars'),
    exact: t.exposeBoolean('exact', { description: 'True: exact from then on (windowed); false: to the recursive indicators’ tolerance (1e-6 of the seed)' }),
  }),
});

const LookAheadFindingRef = builder.objectRef<StoredChecks['lookAhead']['findings'][number]>('LookAheadFinding').implement({
  fields: (t) => ({
    cut: t.exposeInt('cut', { description: 'Bars kept when the range was cut' }),
    bar: t.exposeInt('bar', { description: 'First bar deciding differently' }),
    full: t.exposeString('full', { description: 'The decision on the full range' }),
    cutRange: t.exposeString('cutRange', { description: 'The decision on the cut range' }),
  }),
});

const LookAheadRef = builder.objectRef<StoredChecks['lookAhead']>('LookAheadCheck').implement({
  description: 'Decisions on the range cut at many points equal the full range’s over the bars they share',
  fields: (t) => ({
    passed: t.exposeBoolean('passed'),
    cuts: t.exposeInt('cuts'),
    barsCompared: t.exposeInt('barsCompared'),
    findings: t.field({ type: [LookAheadFindingRef], resolve: (c) => [...c.findings] }),
  }),
});

const ChecksRef = builder.objectRef<StoredChecks>('StrategyChecks').implement({
  description: 'The checks every strategy gets (with its default parameters)',
  fields: (t) => ({
    historyBars: t.exposeInt('historyBars', { description: 'Bars a run loads before its start' }),
    warmup: t.field({ type: [WarmupLineRef], resolve: (c) => [...c.warmup] }),
    lookAhead: t.field({ type: LookAheadRef, resolve: (c) => c.lookAhead }),
  }),
});

const VersionRef = builder.objectRef<IUserStrategyVersion>('UserStrategyVersion').implement({
  fields: (t) => ({
    version: t.exposeInt('version'),
    strategyName: t.string({ description: 'How runs, sweeps and presets name this version: user:<id>@<version>', resolve: (v) => userStrategyName(v.strategy.id, v.version) }),
    name: t.string({ resolve: (v) => v.document.name }),
    documentJson: t.string({ description: 'The document as JSON text (what the builder exports and import takes)', resolve: (v) => JSON.stringify(v.document, null, 2) }),
    params: t.field({ type: [StrategyParamRef], resolve: (v) => paramSpecsOf(v.document) }),
    checks: t.field({ type: ChecksRef, resolve: (v) => v.checks }),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
  }),
});

const UserStrategyRef = builder.objectRef<IUserStrategy>('UserStrategy').implement({
  description: 'A strategy written as a document; each update is a new version',
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    latestVersion: t.exposeInt('latestVersion'),
    strategyName: t.string({ description: 'The latest version’s name for runs and sweeps', resolve: (s) => userStrategyName(s.id, s.latestVersion) }),
    deleted: t.boolean({ resolve: (s) => s.deletedAt !== null }),
    latest: t.field({ type: VersionRef, resolve: async (s, _a, ctx) => (await versionOf(ctx.em, s.id, s.latestVersion))! }),
    versions: t.field({ type: [VersionRef], resolve: (s, _a, ctx) => versionsOf(ctx.em, s) }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.updatedAt }),
  }),
});

builder.objectFields(StrategyRef, (t) => ({
  documentJson: t.string({
    nullable: true,
    description: 'The strategy as a document (JSON text): every built-in has one (start from it in the builder), and so does every user strategy',
    resolve: (s) => builtinDocumentJson(s.name) ?? (documentOfStrategy(s.name) === undefined ? null : JSON.stringify(documentOfStrategy(s.name), null, 2)),
  }),
}));

const SignalKindEnum = builder.enumType('SignalKind', { values: ['ENTRY_LONG', 'ENTRY_SHORT', 'EXIT', 'EXIT_LONG', 'EXIT_SHORT'] as const });

const SignalMarkerRef = builder.objectRef<SignalMarker>('SignalMarker').implement({
  fields: (t) => ({
    time: t.field({ type: 'DateTime', resolve: (m) => new Date(m.timeMs) }),
    kind: t.field({ type: SignalKindEnum, resolve: (m) => m.kind }),
    price: t.exposeFloat('price'),
  }),
});

const PreviewTradeRef = builder.objectRef<PreviewTrade>('PreviewTrade').implement({
  description: 'A position the preview’s simulation opened and closed (default run settings; the document’s own stops and sizing)',
  fields: (t) => ({
    direction: t.field({ type: DirectionEnum, resolve: (p) => p.direction }),
    entryTime: t.field({ type: 'DateTime', resolve: (p) => new Date(p.entryTimeMs) }),
    entryPrice: t.exposeFloat('entryPrice'),
    exitTime: t.field({ type: 'DateTime', resolve: (p) => new Date(p.exitTimeMs) }),
    exitPrice: t.exposeFloat('exitPrice'),
    exitReason: t.exposeString('exitReason', { description: EXIT_REASON_DESCRIPTION }),
  }),
});

const PreviewRef = builder.objectRef<StrategyPreview>('StrategyPreview').implement({
  fields: (t) => ({
    times: t.field({ type: ['Float'], description: 'Open times (epoch ms) of the range’s candles', resolve: (p) => p.timesMs }),
    closes: t.field({ type: ['Float'], resolve: (p) => p.closes }),
    markers: t.field({ type: [SignalMarkerRef], description: 'Every bar where a rule decides something (an exit signal also while flat)', resolve: (p) => p.markers }),
    trades: t.field({ type: [PreviewTradeRef], description: 'The trades the signals make in a run with the default settings: where positions really open and close', resolve: (p) => p.trades }),
    historyBars: t.exposeInt('historyBars'),
    computeMs: t.exposeFloat('computeMs', { description: 'Server time to compile, decide every bar and simulate the trades' }),
  }),
});

const ParamValueInput = builder.inputType('StrategyParamValueInput', {
  fields: (t) => ({ name: t.string({ required: true }), value: t.float({ required: true, description: 'A number; 0 or 1 for a bool' }) }),
});

const DOCUMENT_ARGS = builder.args((t) => ({
  document: t.field({ type: StrategyDocumentInput, description: 'The document as typed input' }),
  documentJson: t.string({ description: 'The document as JSON text (what the builder exports)' }),
}));

builder.queryFields((t) => ({
  userStrategies: t.field({ type: [UserStrategyRef], description: 'User strategies (not deleted), the latest edited first', resolve: (_r, _a, ctx) => listUserStrategies(ctx.em) }),
  userStrategy: t.field({
    type: UserStrategyRef,
    nullable: true,
    args: { id: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => requireUserStrategy(ctx.em, args.id, { includeDeleted: true }).catch(() => null),
  }),
  userStrategyVersion: t.field({
    type: VersionRef,
    nullable: true,
    description: 'The exact version a run or sweep used, by its strategy name user:<id>@<version> (also of a deleted strategy)',
    args: { strategyName: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const parsed = parseUserStrategyName(args.strategyName);
      return parsed === null ? null : versionOf(ctx.em, parsed.id, parsed.version);
    },
  }),
  strategyDocumentSchema: t.string({ description: 'The JSON Schema of a strategy document (also in the repository: docs/strategy-document.schema.json)', resolve: () => JSON.stringify(strategyDocumentJsonSchema(), null, 2) }),
  checkStrategyDocument: t.field({
    type: ChecksRef,
    description: 'Checks a document without saving it: every problem at its path (INVALID_STRATEGY_DOCUMENT), else its warm-up and the look-ahead check',
    args: DOCUMENT_ARGS,
    resolve: (_r, args) => {
      const document = documentFromInput(args);
      try {
        return checkDocument(document);
      } catch (error) {
        throw new AppError('INVALID_STRATEGY_DOCUMENT', `The strategy cannot run: ${(error as Error).message}`, { problems: [{ path: 'rules', message: (error as Error).message }] });
      }
    },
  }),
  checkStrategy: t.field({
    type: ChecksRef,
    description: 'The same checks for any strategy by name, the built-ins included',
    args: { strategy: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await loadUserStrategies(ctx.em, [args.strategy]);
      const module = getStrategyModule(args.strategy);
      if (module === undefined) throw new AppError('UNKNOWN_STRATEGY', `Unknown strategy "${args.strategy}"`, { field: 'strategy' });
      return checkStrategy(module, documentOfStrategy(args.strategy) ?? null);
    },
  }),
  strategyPreview: t.field({
    type: PreviewRef,
    description: 'Entry and exit signals of a document on a market and range, computed on the server (the builder’s live preview)',
    args: {
      ...DOCUMENT_ARGS,
      params: t.arg({ type: [ParamValueInput], description: 'Parameter values; missing ones take their defaults' }),
      symbol: t.arg.string({ required: true }),
      timeframe: t.arg.string({ required: true }),
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: (_r, args, ctx) => {
      const document = documentFromInput(args);
      const bools = new Set((document.params ?? []).filter((p) => p.type === 'bool').map((p) => p.name));
      const params = Object.fromEntries((args.params ?? []).map((p) => [p.name, bools.has(p.name) ? p.value !== 0 : p.value]));
      if (!(args.from.getTime() < args.to.getTime())) throw new AppError('INVALID_DATE_RANGE', 'from must be before to');
      return previewStrategy(ctx.services, document, { symbol: args.symbol.toUpperCase(), timeframe: args.timeframe, fromMs: args.from.getTime(), toMs: args.to.getTime(), params });
    },
  }),
}));

builder.mutationFields((t) => ({
  createUserStrategy: t.field({
    type: UserStrategyRef,
    description: 'Saves a new strategy (version 1) after checking it; nothing is stored when the document has problems',
    args: DOCUMENT_ARGS,
    resolve: (_r, args, ctx) => createUserStrategy(ctx.em, documentFromInput(args)),
  }),
  importUserStrategy: t.field({
    type: UserStrategyRef,
    description: 'Saves a strategy from the JSON text the builder exports: a new strategy, or with `id` a new version of it',
    args: { documentJson: t.arg.string({ required: true }), id: t.arg.string() },
    resolve: (_r, args, ctx) => {
      const document = documentFromInput({ documentJson: args.documentJson });
      return args.id == null ? createUserStrategy(ctx.em, document) : updateUserStrategy(ctx.em, args.id, document);
    },
  }),
  updateUserStrategy: t.field({
    type: UserStrategyRef,
    description: 'Saves a new version; earlier versions (and the runs that used them) stay as they were',
    args: { id: t.arg.string({ required: true }), ...DOCUMENT_ARGS },
    resolve: (_r, args, ctx) => updateUserStrategy(ctx.em, args.id, documentFromInput(args)),
  }),
  deleteUserStrategy: t.boolean({
    description: 'Removes the strategy from lists; its versions stay for the runs and sweeps that used them',
    args: { id: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => deleteUserStrategy(ctx.em, args.id),
  }),
}));

