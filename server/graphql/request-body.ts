import type { Plugin } from 'graphql-yoga';
import { principalOf } from '../access/access.plugin.ts';
import { AppError } from './errors.ts';
import { wellFormed } from './well-formed.ts';

/**
 * Limits a request body must meet before it is parsed, and what parsing makes of its text. Parsing
 * is where a hostile body costs the event loop: JSON.parse of a megabyte of `[` takes half a second
 * and yields a value any recursive walk then overflows on; a 12 MB variable is read, parsed and
 * walked whether or not the operation uses it. So the body is read with a byte cap, its nesting is
 * measured by a linear scan of the text, and only then parsed.
 *
 * Only mutations carry bulk data (an uploaded candle file), so only a principal that may run them
 * gets the large cap; read-only principals, and every WebSocket message, get the small one.
 */
export const REQUEST_BYTES = { readOnly: 1024 * 1024, readWrite: 32 * 1024 * 1024 } as const;
export const MAX_JSON_NESTING = 64;
/**
 * Object keys and list items in one request's variables. graphql-js quotes the whole input in each
 * coercion error, so an input object with 200,000 unknown keys took 20 s to refuse; no operation
 * needs more than a few hundred values (an upload is one string).
 */
export const MAX_VARIABLE_VALUES = 10_000;
/** Coercion errors graphql-js collects before it stops (its default is 50, each quoting the input). */
export const MAX_COERCION_ERRORS = 5;

const tooLarge = (max: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${max} bytes`, { limit: 'bodyBytes', max, http: { status: 413 } });

/**
 * Deepest nesting of `{` and `[` outside strings, stopping once beyond `limit`; a linear scan that
 * cannot recurse. Strings are skipped by a native search for their closing quote, so a megabyte
 * string costs microseconds, not a loop over each of its characters.
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = closingQuote(text, i);
      if (i < 0) break;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return deepest;
}

/** Where the string opened at `opening` ends: its first quote not escaped (preceded by an even run of backslashes); -1 if none. */
function closingQuote(text: string, opening: number): number {
  for (let at = text.indexOf('"', opening + 1); at >= 0; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/** JSON.parse after the nesting check; a SyntaxError or excess nesting becomes a coded 400. */
export function parseJsonWithinLimits(text: string): unknown {
  if (jsonNestingDepth(text, MAX_JSON_NESTING) > MAX_JSON_NESTING) {
    throw new AppError('BAD_REQUEST', `The JSON nests deeper than ${MAX_JSON_NESTING} levels`, { limit: 'jsonNesting', max: MAX_JSON_NESTING, http: { status: 400 } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) throw new AppError('BAD_REQUEST', `The request is not valid JSON: ${error.message}`, { http: { status: 400 } });
    throw error;
  }
  return boundedValues(value);
}

/** The parsed request with its values counted (refused beyond MAX_VARIABLE_VALUES) and made well-formed. */
function boundedValues<T>(value: T): T {
  if (countValues(value, MAX_VARIABLE_VALUES) > MAX_VARIABLE_VALUES) {
    throw new AppError('BAD_REQUEST', `The request holds more than ${MAX_VARIABLE_VALUES} values (object keys and list items)`, { limit: 'values', max: MAX_VARIABLE_VALUES, http: { status: 400 } });
  }
  return wellFormed(value);
}

/** Object keys plus list items, stopping once beyond `limit` (the nesting is already bounded). */
function countValues(value: unknown, limit: number, counted = 0): number {
  if (value === null || typeof value !== 'object') return counted;
  const items = Array.isArray(value) ? value : Object.values(value);
  counted += items.length;
  for (const item of items) {
    if (counted > limit) return counted;
    counted = countValues(item, limit, counted);
  }
  return counted;
}

async function readBody(request: Request, max: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > max) throw tooLarge(max);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** graphql-js reads `options.maxCoercionErrors` from its execution arguments (envelop's type omits it). */
const withCoercionCap = <A extends object>(args: A): A => ({ ...args, options: { ...(args as { options?: object }).options, maxCoercionErrors: MAX_COERCION_ERRORS } });

const isJsonPost = (request: Request) => request.method === 'POST' && /^application\/(graphql-response\+)?json\b/i.test(request.headers.get('content-type') ?? '');

/**
 * Parses POSTed JSON bodies within the limits above (the principal is known: access control runs
 * first, in onRequest). Other requests keep Yoga's parser (GET carries its variables in a URL, which
 * Node caps at 16 KB), their values made well-formed the same way.
 */
export function useRequestBodyLimits(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (isJsonPost(request)) {
        // The principal is recorded against the request onRequest saw (the parser may be handed a copy).
        const max = principalOf(request)?.role === 'WRITE' ? REQUEST_BYTES.readWrite : REQUEST_BYTES.readOnly;
        setRequestParser(async (req) => {
          const body = parseJsonWithinLimits(await readBody(req, max));
          if (body === null || typeof body !== 'object' || Array.isArray(body)) {
            throw new AppError('BAD_REQUEST', 'The body must be a JSON object with a query', { http: { status: 400 } });
          }
          return body as Record<string, never>;
        });
      } else if (requestParser) {
        setRequestParser(async (req) => boundedValues(await requestParser(req)));
      }
    },
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => executeFn(withCoercionCap(args)));
    },
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn((args) => subscribeFn(withCoercionCap(args)));
    },
  };
}
