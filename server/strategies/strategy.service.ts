import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BUILTIN_DOCUMENTS, getStrategyModule, listStrategies, parseStrategyDocument, validateStrategyDocument, type StrategyDocument, type StrategySpec, type ValidationResult } from '../engine/index.ts';
import { AppError, notFound } from '../graphql/errors.ts';
import { isUuid } from '../graphql/ids.ts';
import { checkDocument } from './strategy-checks.ts';
import { registerVersion } from './strategy-loader.ts';
import { userStrategyName } from '../../domain/strategy-names.ts';
import { UserStrategy, UserStrategyVersion, type IUserStrategy, type IUserStrategyVersion } from './user-strategy.entity.ts';

/** A document as it arrives over GraphQL: absent optional fields may come as null. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
}

/** A checked document, or the coded error: every problem with its path, or the limit it breaks. */
export function requireValidDocument(result: ValidationResult): StrategyDocument {
  if (result.ok) return result.document;
  if ('limit' in result) throw new AppError('STRATEGY_DOCUMENT_TOO_LARGE', result.limit.message, { limit: result.limit.limit });
  const first = result.problems[0];
  throw new AppError('INVALID_STRATEGY_DOCUMENT', `The strategy document has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; the first: ${first.path === '' ? '' : `${first.path}: `}${first.message}`, {
    problems: result.problems,
  });
}

/** A document from typed input or from JSON text (exactly one). */
export function documentFromInput(input: { document?: unknown; documentJson?: string | null }): StrategyDocument {
  const hasTyped = input.document !== undefined && input.document !== null;
  const hasJson = typeof input.documentJson === 'string';
  if (hasTyped === hasJson) throw new AppError('BAD_USER_INPUT', 'Give the strategy as `document` or as `documentJson`, exactly one of them');
  return requireValidDocument(hasTyped ? validateStrategyDocument(withoutNulls(input.document)) : parseStrategyDocument(input.documentJson!));
}

/** Runs the save-time checks; a document that cannot run at all is invalid (its message at `rules`). */
function checked(document: StrategyDocument) {
  try {
    return checkDocument(document);
  } catch (error) {
    throw new AppError('INVALID_STRATEGY_DOCUMENT', `The strategy cannot run: ${(error as Error).message}`, { problems: [{ path: 'rules', message: (error as Error).message }] });
  }
}

export async function createUserStrategy(em: EntityManager, document: StrategyDocument): Promise<IUserStrategy> {
  const checks = checked(document);
  const strategy = em.create(UserStrategy, { id: randomUUID(), name: document.name, latestVersion: 1, deletedAt: null, createdAt: new Date(), updatedAt: new Date() });
  em.create(UserStrategyVersion, { id: randomUUID(), strategy, version: 1, document, checks, createdAt: new Date() });
  await em.flush();
  registerVersion(strategy.id, 1, document);
  return strategy;
}

export async function requireUserStrategy(em: EntityManager, id: string, options: { includeDeleted?: boolean } = {}): Promise<IUserStrategy> {
  const strategy = isUuid(id) ? await em.findOne(UserStrategy, { id }) : null;
  if (strategy === null || (strategy.deletedAt !== null && options.includeDeleted !== true)) throw notFound('Strategy', id);
  return strategy;
}

/** A new version; the old ones stay as they were (runs name them). */
export async function updateUserStrategy(em: EntityManager, id: string, document: StrategyDocument): Promise<IUserStrategy> {
  const strategy = await requireUserStrategy(em, id);
  const checks = checked(document);
  const version = strategy.latestVersion + 1;
  strategy.latestVersion = version;
  strategy.name = document.name;
  strategy.updatedAt = new Date();
  em.create(UserStrategyVersion, { id: randomUUID(), strategy, version, document, checks, createdAt: new Date() });
  await em.flush();
  registerVersion(strategy.id, version, document);
  return strategy;
}

/** Marks the strategy deleted; its versions stay for the runs and sweeps that used them. */
export async function deleteUserStrategy(em: EntityManager, id: string): Promise<boolean> {
  const strategy = await requireUserStrategy(em, id);
  strategy.deletedAt = new Date();
  await em.flush();
  return true;
}

export async function listUserStrategies(em: EntityManager): Promise<IUserStrategy[]> {
  return em.find(UserStrategy, { deletedAt: null }, { orderBy: { updatedAt: 'DESC' } });
}

export async function versionsOf(em: EntityManager, strategy: IUserStrategy): Promise<IUserStrategyVersion[]> {
  return em.find(UserStrategyVersion, { strategy: strategy.id }, { orderBy: { version: 'DESC' } });
}

export async function versionOf(em: EntityManager, id: string, version: number): Promise<IUserStrategyVersion | null> {
  return em.findOne(UserStrategyVersion, { strategy: id, version });
}

/** Built-ins, then the latest version of every user strategy: what `strategies` lists (and forms offer). */
export async function listAllStrategies(em: EntityManager): Promise<StrategySpec[]> {
  const users = await listUserStrategies(em);
  const specs: StrategySpec[] = [...listStrategies()];
  for (const strategy of users) {
    const name = userStrategyName(strategy.id, strategy.latestVersion);
    let module = getStrategyModule(name);
    if (module === undefined) {
      const row = await versionOf(em, strategy.id, strategy.latestVersion);
      if (row === null) continue;
      registerVersion(strategy.id, strategy.latestVersion, row.document);
      module = getStrategyModule(name);
    }
    if (module !== undefined) specs.push({ ...module.spec, description: `${strategy.name}: ${module.spec.description}` });
  }
  return specs;
}

/** A built-in's document as JSON text. */
export function builtinDocumentJson(name: string): string | null {
  const document = BUILTIN_DOCUMENTS.get(name);
  return document === undefined ? null : JSON.stringify(document, null, 2);
}

