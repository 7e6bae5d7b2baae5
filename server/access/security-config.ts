import { isIP } from 'node:net';
import { z } from 'zod';
import { parseConfiguredTokens, type ConfiguredToken } from './tokens.ts';

const origins = z
  .string()
  .transform((text, ctx) => {
    const list: string[] = [];
    for (const entry of text.split(',').map((value) => value.trim()).filter(Boolean)) {
      if (entry === '*' || entry === 'null') {
        ctx.addIssue({ code: 'custom', message: `${entry} is not allowed: list the exact origins (scheme://host:port) that may call the API` });
        continue;
      }
      try {
        const url = new URL(entry);
        if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash) throw new Error();
        list.push(url.origin);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${entry} is not an origin like http://localhost:5173` });
      }
    }
    return list;
  });

const tokens = z.string().transform((text, ctx) => {
  const parsed = parseConfiguredTokens(text);
  if ('errors' in parsed) {
    for (const message of parsed.errors) ctx.addIssue({ code: 'custom', message });
    return [];
  }
  return parsed.tokens;
});

/** Environment variables of access control and request limits (merged into config.ts's schema). */
export const securityEnv = {
  /** `name:role:secret` or `name:role:sha256=<hex>` entries, comma-separated; role read or write. */
  CANDLELAB_API_TOKENS: tokens.optional(),
  /** Origins (besides the server's own) whose pages may call the API, comma-separated. */
  CANDLELAB_ALLOWED_ORIGINS: origins.optional(),
  CANDLELAB_GRAPHIQL: z.stringbool().default(true),
  CANDLELAB_INTROSPECTION: z.stringbool().default(true),
  /** Root mutation fields one token may run per minute (token bucket, per API process). */
  CANDLELAB_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Backtests and sweeps one token may have PENDING or RUNNING at once. */
  CANDLELAB_MAX_QUEUED_WORK: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** Cost budget of one operation (see server/graphql/cost.ts for what a field costs). */
  CANDLELAB_MAX_QUERY_COST: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  CANDLELAB_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
};

export interface SecurityConfig {
  readonly apiTokens: readonly ConfiguredToken[];
  readonly allowedOrigins: readonly string[];
  readonly graphiql: boolean;
  readonly introspection: boolean;
  readonly mutationsPerMinute: number;
  readonly maxQueuedWork: number;
  readonly maxQueryCost: number;
  readonly requestTimeoutMs: number;
}

type SecurityEnv = z.infer<z.ZodObject<typeof securityEnv>>;

export function securityConfig(e: SecurityEnv): SecurityConfig {
  return {
    apiTokens: e.CANDLELAB_API_TOKENS ?? [],
    allowedOrigins: e.CANDLELAB_ALLOWED_ORIGINS ?? [],
    graphiql: e.CANDLELAB_GRAPHIQL,
    introspection: e.CANDLELAB_INTROSPECTION,
    mutationsPerMinute: e.CANDLELAB_MUTATIONS_PER_MINUTE,
    maxQueuedWork: e.CANDLELAB_MAX_QUEUED_WORK,
    maxQueryCost: e.CANDLELAB_MAX_QUERY_COST,
    requestTimeoutMs: Math.round(e.CANDLELAB_REQUEST_TIMEOUT_SECONDS * 1000),
  };
}

/** True for binds only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}
