import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { inTransaction } from '../db/transaction.ts';
import { AppError } from '../graphql/errors.ts';
import { eventNotification } from '../graphql/postgres-event-target.ts';
import type { Topics } from '../graphql/pubsub.ts';
import { ApiToken, type IApiToken } from './api-token.entity.ts';
import type { SecurityConfig } from './security-config.ts';
import { ANONYMOUS, bearerToken, generateToken, hashToken, sameHash, type Principal, type Role } from './tokens.ts';

export type Authentication = { readonly principal: Principal } | { readonly error: AppError };

/**
 * Decides who a request is. Tokens are required when any exist (CANDLELAB_API_TOKENS or stored,
 * not revoked) and always on a bind other machines can reach; otherwise (loopback, no tokens) every
 * caller is the anonymous read-write principal, so a fresh `npm start` needs no setup.
 *
 * Stored tokens are looked up on every request (one indexed query), so creating the first token
 * or revoking one takes effect at once, with no cache to go stale.
 */
export class AccessControl {
  constructor(
    private readonly pool: pg.Pool,
    private readonly security: SecurityConfig,
    private readonly loopbackBind: boolean,
  ) {}

  async authenticate(authorization: string | null | undefined): Promise<Authentication> {
    const token = bearerToken(authorization);
    if (token === null) {
      if (authorization) return { error: unauthenticated('The Authorization header must be "Bearer <token>"') };
      if (await this.tokensRequired()) return { error: unauthenticated('This server requires an API token: send Authorization: Bearer <token>') };
      return { principal: ANONYMOUS };
    }
    const hash = hashToken(token);
    const configured = this.security.apiTokens.find((entry) => sameHash(entry.sha256, hash));
    if (configured) return { principal: { id: `env:${configured.name}`, name: configured.name, role: configured.role } };
    const { rows } = await this.pool.query<{ id: string; name: string; role: Role }>(
      'SELECT id, name, role FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    if (rows[0]) return { principal: { id: storedTokenPrincipalId(rows[0].id), name: rows[0].name, role: rows[0].role } };
    return { error: unauthenticated('The API token is unknown or revoked') };
  }

  /** Of these principals, the ones whose stored token has been revoked since they authenticated. */
  async revokedAmong(principalIds: readonly string[]): Promise<string[]> {
    const tokenIds = principalIds.filter((id) => id.startsWith(storedTokenPrincipalId(''))).map((id) => id.slice(storedTokenPrincipalId('').length));
    if (tokenIds.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM api_token WHERE id = ANY($1::uuid[]) AND revoked_at IS NOT NULL', [tokenIds]);
    return rows.map((row) => storedTokenPrincipalId(row.id));
  }

  async tokensRequired(): Promise<boolean> {
    if (!this.loopbackBind || this.security.apiTokens.length > 0) return true;
    const { rowCount } = await this.pool.query('SELECT 1 FROM api_token WHERE revoked_at IS NULL LIMIT 1');
    return (rowCount ?? 0) > 0;
  }
}

export const unauthenticated = (message: string) => new AppError('UNAUTHENTICATED', message, { http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } });

export const forbidden = (message: string, details: Record<string, unknown> = {}) => new AppError('FORBIDDEN', message, { ...details, http: { status: 403 } });

/** Creates a stored token and returns its secret: the only time it is ever shown. */
export async function createStoredToken(em: EntityManager, name: string, role: Role): Promise<{ token: string; record: IApiToken }> {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new Error('A token name is 1-64 letters, digits, "_", "." or "-"');
  if (await em.count(ApiToken, { name, revokedAt: null })) throw new Error(`A token named ${name} exists already; revoke it first or choose another name`);
  const token = generateToken();
  const record = em.create(ApiToken, { id: randomUUID(), name, role, tokenHash: hashToken(token), createdAt: new Date() });
  await em.flush();
  return { token, record };
}

export async function listStoredTokens(em: EntityManager): Promise<IApiToken[]> {
  return em.find(ApiToken, {}, { orderBy: { createdAt: 'asc' } });
}

/**
 * Revokes the active token with this name or id; returns it, or null when there is none. Every API
 * process hears of it (NOTIFY, committed with the revocation) and closes the token's open sockets.
 */
export async function revokeStoredToken(em: EntityManager, nameOrId: string): Promise<IApiToken | null> {
  const isId = /^[0-9a-f-]{36}$/i.test(nameOrId);
  const record = await em.findOne(ApiToken, { ...(isId ? { id: nameOrId } : { name: nameOrId }), revokedAt: null });
  if (!record) return null;
  record.revokedAt = new Date();
  const revoked = eventNotification('tokenRevoked' satisfies keyof Topics, { principalId: storedTokenPrincipalId(record.id) } satisfies Topics['tokenRevoked'][0]);
  await inTransaction(em, async () => {
    await em.flush();
    await em.getConnection().execute(revoked.knexSql, revoked.values, 'run', em.getTransactionContext());
  });
  return record;
}

/** The principal id a stored token authenticates as. */
export const storedTokenPrincipalId = (tokenId: string) => `token:${tokenId}`;
