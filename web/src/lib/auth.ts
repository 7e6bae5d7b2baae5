import { createSignal } from 'solid-js';

/**
 * The access token the server may ask for. Inert while the server needs none: nothing is asked
 * and no header is sent until a request is refused (HTTP 401 / websocket close 4401).
 */
const STORAGE_KEY = 'candlelab.accessToken';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

interface TokenRequest {
  /** Why it is asked again: the previous token was refused. */
  readonly rejected: boolean;
}

const [pendingRequest, setPendingRequest] = createSignal<TokenRequest | null>(null);
let waiting: Promise<string> | null = null;
let resolveWaiting: ((token: string) => void) | null = null;

/** The request the token dialog shows, if any. */
export const tokenRequest = pendingRequest;

/** Asks the user for a token (one dialog however many requests were refused at once). */
export function requestToken(): Promise<string> {
  if (waiting) return waiting;
  setPendingRequest({ rejected: storedToken() !== null });
  waiting = new Promise<string>((resolve) => (resolveWaiting = resolve));
  return waiting;
}

/** Called by the dialog: stores the token and lets every waiting request retry with it. */
export function provideToken(token: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Private mode without storage: the token still serves this page.
  }
  memoryToken = token;
  setPendingRequest(null);
  resolveWaiting?.(token);
  waiting = null;
  resolveWaiting = null;
}

let memoryToken: string | null = null;

/** The token for the next request: storage first, then one given in this page without storage. */
export function currentToken(): string | null {
  return storedToken() ?? memoryToken;
}
