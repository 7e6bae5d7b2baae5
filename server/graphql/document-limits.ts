import { GraphQLError, Kind, parse, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError } from './errors.ts';
import { wellFormedText } from './well-formed.ts';

/**
 * Limits a document must meet before graphql-js parses it. The parser recurses once per nesting
 * level, so a 10,000-deep document overflows the stack ("Maximum call stack size exceeded") before
 * any validation rule could see it; a linear scan of the text refuses it first. The token cap bounds
 * the work of parsing and validating one document.
 */
export const MAX_NESTING = 40;
export const MAX_TOKENS = 10_000;
export const MAX_DOCUMENT_LENGTH = 100_000;

/** Deepest nesting of `{`, `(` and `[` outside strings and comments, stopping once beyond `limit`. */
export function nestingDepth(source: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '"') {
      if (source.startsWith('"""', i)) {
        let j = i + 3;
        while (j < source.length && !source.startsWith('"""', j)) j += source.startsWith('\\"""', j) ? 4 : 1;
        i = j + 2;
      } else {
        for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++) if (source[i] === '\\') i++;
      }
    } else if (c === '{' || c === '(' || c === '[') {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === '}' || c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

const tooComplex = (message: string, limit: string, max: number) =>
  new AppError('QUERY_TOO_COMPLEX', message, { limit, max, http: { status: 400 } });

/** Parses with the limits above; used by Yoga for HTTP and, through getEnveloped, for graphql-ws. */
export function parseWithinLimits(source: string): DocumentNode {
  if (typeof source !== 'string') throw new AppError('BAD_REQUEST', 'The query must be a string', { http: { status: 400 } });
  if (source.length > MAX_DOCUMENT_LENGTH) throw tooComplex(`The document is ${source.length} characters long; the limit is ${MAX_DOCUMENT_LENGTH}`, 'documentLength', MAX_DOCUMENT_LENGTH);
  if (nestingDepth(source, MAX_NESTING) > MAX_NESTING) throw tooComplex(`The document nests deeper than ${MAX_NESTING} levels`, 'nesting', MAX_NESTING);
  try {
    return wellFormedLiterals(parse(source, { maxTokens: MAX_TOKENS }));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (/maximum number of tokens/i.test(error.message)) throw tooComplex(`The document has more than ${MAX_TOKENS} tokens`, 'tokens', MAX_TOKENS);
    Object.assign(error.extensions as Record<string, unknown>, { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } });
    throw error;
  }
}

/** String literals made well-formed the way variables are (well-formed.ts). */
function wellFormedLiterals(document: DocumentNode): DocumentNode {
  return visit(document, {
    [Kind.STRING]: (node) => {
      const value = wellFormedText(node.value);
      return value === node.value ? undefined : { ...node, value };
    },
  });
}

export function useDocumentLimits(): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source) => parseWithinLimits(typeof source === 'string' ? source : (source as { body: string }).body));
    },
  };
}

/** True when a string anywhere in the value (nested objects and lists included) holds a NUL character. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item, depth + 1));
}

/**
 * PostgreSQL text cannot hold NUL characters: one reaching a query fails inside the driver, far from
 * the input. Refused at the edge instead, in variables and in the document's own string literals.
 */
export function useNoNulCharacters(): Plugin {
  const refusal = () => new AppError('BAD_USER_INPUT', 'Text may not contain NUL (\\u0000) characters', { http: { status: 400 } });
  const carriesNul = (args: { variableValues?: unknown; document: DocumentNode }) => {
    let found = holdsNul(args.variableValues);
    if (!found) {
      visit(args.document, {
        [Kind.STRING]: (node) => {
          if (node.value.includes('\u0000')) found = true;
        },
      });
    }
    return found;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (carriesNul(args)) setResultAndStopExecution({ errors: [refusal()] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (carriesNul(args)) setResultAndStopExecution({ errors: [refusal()] });
    },
  };
}
