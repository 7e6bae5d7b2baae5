/** One problem of a strategy document, at its path (e.g. `rules.entryLong.all[1].right.period`). */
export interface DocumentProblem {
  readonly path: string;
  readonly message: string;
}

/** What keeps a document from being read at all: too big or too deep (its own error code). */
export interface DocumentLimitProblem {
  readonly limit: 'size' | 'depth' | 'nodes';
  readonly message: string;
}

/** Bounds on a document, so a hostile one cannot exhaust the server. */
export const DOCUMENT_LIMITS = {
  /** Characters of the JSON text. */
  maxJsonChars: 200_000,
  /** Nesting of objects and arrays. */
  maxDepth: 40,
  /** Series and condition nodes. */
  maxNodes: 2_000,
  maxParams: 64,
  maxNamedSeries: 128,
} as const;
