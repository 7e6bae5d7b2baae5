import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { Role } from './tokens.ts';

/**
 * A token created with `npm run token create`. Only the SHA-256 of the secret is stored; the secret
 * is shown once, when created. Revoked tokens stay listed (who had access, until when).
 */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.string().length(64),
    role: p.string().length(8).$type<Role>(),
    tokenHash: p.string().length(64).unique(),
    createdAt: p.datetime().defaultRaw('now()'),
    revokedAt: p.datetime().nullable(),
  }),
});

export type IApiToken = InferEntity<typeof ApiToken>;
