import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens. A token is a random secret the client sends as `Authorization: Bearer <token>`; the
 * server keeps only its SHA-256 (tokens are 256-bit random strings, so a fast hash is enough: there
 * is nothing to brute-force). Roles: READ runs queries and subscriptions, WRITE also mutations.
 */
export const ROLES = ['READ', 'WRITE'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a configured or stored token, or nobody when the server runs open on loopback. */
export interface Principal {
  /** `env:<name>` for CANDLELAB_API_TOKENS entries, `token:<uuid>` for stored tokens, `anonymous` when open. */
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export const ANONYMOUS: Principal = { id: 'anonymous', name: 'anonymous', role: 'WRITE' };

export interface ConfiguredToken {
  readonly name: string;
  readonly role: Role;
  readonly sha256: string;
}

export const TOKEN_PREFIX = 'clt_';
export const MIN_SECRET_LENGTH = 16;

export const generateToken = () => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token in an `Authorization` header value (`Bearer <token>`, scheme case-insensitive), else null. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

const ROLE_NAMES: Record<string, Role> = { read: 'READ', 'read-only': 'READ', readonly: 'READ', write: 'WRITE', 'read-write': 'WRITE', readwrite: 'WRITE' };

export const parseRole = (text: string): Role | null => ROLE_NAMES[text.trim().toLowerCase()] ?? null;

/**
 * Parses CANDLELAB_API_TOKENS: comma-separated `name:role:secret` entries, or `name:role:sha256=<64 hex>`
 * to keep the secret itself out of the environment. Role is `read` or `write`. Returns the entries
 * or the problems, each naming the entry.
 */
export function parseConfiguredTokens(text: string): { tokens: ConfiguredToken[] } | { errors: string[] } {
  const tokens: ConfiguredToken[] = [];
  const errors: string[] = [];
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  entries.forEach((entry, index) => {
    const [name, roleText, ...rest] = entry.split(':');
    const secret = rest.join(':');
    const where = `entry ${index + 1}${name ? ` (${name})` : ''}`;
    const role = roleText === undefined ? null : parseRole(roleText);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name ?? '')) errors.push(`${where}: name must be 1-64 letters, digits, '_', '.' or '-'`);
    else if (!role) errors.push(`${where}: role must be read or write`);
    else if (secret.startsWith('sha256=')) {
      const hex = secret.slice('sha256='.length).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hex)) errors.push(`${where}: sha256= must be followed by 64 hex digits`);
      else tokens.push({ name, role, sha256: hex });
    } else if (secret.length < MIN_SECRET_LENGTH) errors.push(`${where}: the secret must be at least ${MIN_SECRET_LENGTH} characters`);
    else tokens.push({ name, role, sha256: hashToken(secret) });
  });
  const names = tokens.map((token) => token.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) errors.push(`the name ${duplicate} is used twice`);
  return errors.length ? { errors } : { tokens };
}
