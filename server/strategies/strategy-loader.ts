import type { EntityManager } from '@mikro-orm/postgresql';
import { compileDocument, isStrategyRegistered, registerCompiledStrategy, type StrategyDocument } from '../engine/index.ts';
import { UserStrategyVersion } from './user-strategy.entity.ts';
import { isUserStrategyName, parseUserStrategyName, strategyFamilyName, userStrategyName } from '../../domain/strategy-names.ts';

/** The documents of the user strategies compiled in this process, by versioned name (sweep threads get them from here). */
const documents = new Map<string, StrategyDocument>();

export function documentOfStrategy(name: string): StrategyDocument | undefined {
  return documents.get(name);
}

/**
 * What a person reads for a strategy name: a built-in's own name, a user strategy's document name and
 * version ("My RSI v2") once its version is loaded here (the name itself otherwise).
 */
export function strategyTitle(name: string): string {
  const parsed = parseUserStrategyName(name);
  const document = documents.get(name);
  return parsed === null || document === undefined ? name : `${document.name} v${parsed.version}`;
}

/** Every version of a strategy, as list filters name it (strategyFamilyName) and as a person reads it (the document's name, no version). */
export function strategyFamily(name: string): { readonly name: string; readonly title: string } {
  const parsed = parseUserStrategyName(name);
  const document = documents.get(name);
  return { name: strategyFamilyName(name), title: parsed === null || document === undefined ? name : document.name };
}

/** The description of every strategyTitle field beside a strategy name in the API. */
export const STRATEGY_TITLE_DESCRIPTION = 'What a person reads for `strategy`: a built-in\'s name, or a user strategy\'s name and version ("My RSI v2")';

/** strategyTitle after loading the version (one saved through another process, say) if this process lacks it. */
export async function loadStrategyTitle(em: EntityManager, name: string): Promise<string> {
  await loadUserStrategies(em, [name]);
  return strategyTitle(name);
}

/** Compiles a stored version and registers it with the engine under its versioned name (once per process). */
export function registerVersion(id: string, version: number, document: StrategyDocument): string {
  const name = userStrategyName(id, version);
  if (!isStrategyRegistered(name)) {
    registerCompiledStrategy(compileDocument(document, name));
    documents.set(name, document);
  }
  return name;
}

/**
 * Makes the named user strategies known to the engine in this process before a run, sweep, job or report
 * looks them up by name (getStrategyModule). Built-in and unknown names are left alone: validation reports
 * an unknown one as it does for any name.
 */
export async function loadUserStrategies(em: EntityManager, names: Iterable<string>): Promise<void> {
  for (const name of new Set(names)) {
    if (!isUserStrategyName(name) || isStrategyRegistered(name)) continue;
    const parsed = parseUserStrategyName(name);
    if (parsed === null) continue;
    const row = await em.fork().findOne(UserStrategyVersion, { strategy: parsed.id, version: parsed.version });
    if (row !== null) registerVersion(parsed.id, parsed.version, row.document);
  }
}

/** Every stored version, at start-up: reports of old runs and sweeps then find their strategies by name. */
export async function preloadUserStrategies(em: EntityManager): Promise<number> {
  const rows = await em.fork().find(UserStrategyVersion, {}, { fields: ['strategy', 'version', 'document'] });
  for (const row of rows) registerVersion(row.strategy.id, row.version, row.document);
  return rows.length;
}
