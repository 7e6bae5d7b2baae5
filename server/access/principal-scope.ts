import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './tokens.ts';

/**
 * The principal on whose behalf the current GraphQL operation runs, visible to code that has no
 * request context (the ORM's create hook that stamps `createdBy`). Set around each execution by
 * the access plugin; empty in jobs and scripts.
 */
const scope = new AsyncLocalStorage<Principal>();

export const runAsPrincipal = <T>(principal: Principal, work: () => T): T => scope.run(principal, work);

export const currentPrincipal = (): Principal | null => scope.getStore() ?? null;
