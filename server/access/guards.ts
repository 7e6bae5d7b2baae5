import type { AppServices } from '../services.ts';
import { AccessControl } from './access.service.ts';
import { OperationTurns } from './operation-turns.ts';
import { OriginPolicy } from './origin-policy.ts';
import { MutationRateLimiter } from './rate-limit.ts';
import { isLoopbackHost } from './security-config.ts';

/** Everything one API process checks requests with, built once from the configuration. */
export interface ApiGuards {
  readonly access: AccessControl;
  readonly origins: OriginPolicy;
  readonly rateLimiter: MutationRateLimiter;
  readonly turns: OperationTurns;
}

export function createApiGuards(services: AppServices): ApiGuards {
  const { security, host } = services.config;
  const loopback = isLoopbackHost(host);
  return {
    access: new AccessControl(services.pool, security, loopback),
    origins: new OriginPolicy(security.allowedOrigins, loopback),
    rateLimiter: new MutationRateLimiter(security.mutationsPerMinute),
    turns: new OperationTurns(),
  };
}

/** A bind other machines can reach is never open: without a single token the API would serve anyone. */
export async function requireTokensOnPublicBind(services: AppServices): Promise<void> {
  const { host, security } = services.config;
  if (isLoopbackHost(host) || security.apiTokens.length > 0) return;
  const { rowCount } = await services.pool.query('SELECT 1 FROM api_token WHERE revoked_at IS NULL LIMIT 1');
  if (rowCount) return;
  throw new Error(
    `HOST=${host} is reachable from other machines, so API tokens are required: set CANDLELAB_API_TOKENS=name:write:<secret of 16+ characters> or create one with npm run token -- create <name>`,
  );
}
