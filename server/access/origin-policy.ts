import { clipInput } from '../graphql/error-policy.ts';
import { isLoopbackHost } from './security-config.ts';

/**
 * Which browser pages may talk to the API. A browser names the page's origin in `Origin` on every
 * cross-origin request and WebSocket upgrade; the server's own pages (same host) and the origins in
 * CANDLELAB_ALLOWED_ORIGINS pass, every other origin is refused before any GraphQL runs. Requests
 * without `Origin` come from non-browser clients (curl, scripts), which tokens govern.
 *
 * Same origin means the same scheme too: this server speaks plain HTTP, so its own pages are
 * `http://<Host>`; an `https://` page of the same host is another origin (a TLS proxy in front must
 * list its public origin).
 *
 * On a loopback bind the `Host` header must also name this machine (or an allowed origin's host):
 * a DNS-rebinding page (evil.example resolving to 127.0.0.1) is then "same origin" by Origin, but
 * its Host gives it away.
 */
export class OriginPolicy {
  private readonly allowedHosts: ReadonlySet<string>;

  constructor(
    private readonly allowedOrigins: readonly string[],
    private readonly loopbackBind: boolean,
  ) {
    this.allowedHosts = new Set(allowedOrigins.map((origin) => new URL(origin).hostname.replace(/^\[|\]$/g, '')));
  }

  /** Why a request with these headers is refused, or null when it may proceed. */
  refusal(origin: string | null | undefined, host: string | null | undefined): string | null {
    if (this.loopbackBind && host && !this.isKnownHost(host)) {
      return `Host ${clipInput(host)} does not name this machine; add its origin to CANDLELAB_ALLOWED_ORIGINS if it is yours`;
    }
    if (origin === null || origin === undefined) return null;
    if (this.isSameOrigin(origin, host) || this.allowedOrigins.includes(origin)) return null;
    return `Origin ${clipInput(origin)} may not call this API; allowed: this server's own pages${this.allowedOrigins.length ? ` and ${this.allowedOrigins.join(', ')}` : ''} (CANDLELAB_ALLOWED_ORIGINS)`;
  }

  /** The origin to grant in CORS headers: only a listed, cross-origin one. */
  corsOrigin(origin: string | null | undefined): string | null {
    return origin && this.allowedOrigins.includes(origin) ? origin : null;
  }

  private isSameOrigin(origin: string, host: string | null | undefined): boolean {
    try {
      return host !== null && host !== undefined && new URL(origin).origin === new URL(`http://${host}`).origin;
    } catch {
      return false;
    }
  }

  private isKnownHost(host: string): boolean {
    const hostname = host.replace(/:\d+$/, '').toLowerCase();
    return isLoopbackHost(hostname) || this.allowedHosts.has(hostname.replace(/^\[|\]$/g, ''));
  }
}
