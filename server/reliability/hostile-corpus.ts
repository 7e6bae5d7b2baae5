import type { GraphQLSchema } from 'graphql';
import { sampleOperations } from './schema-operations.ts';

/**
 * The hostile corpus: requests an attacker or a broken client sends, each of which must be answered
 * with a coded error (HTTP: `errors[].extensions.code` other than INTERNAL_SERVER_ERROR, or a refused
 * upgrade; graphql-ws: a coded error or an access close code) within a second, writing nothing.
 * It is generated deterministically from hand-picked families below plus the schema's own fields, so
 * new fields join it automatically. `npm run reliability` runs all of it; `npm test` a sample.
 */

export type Family =
  | 'transport'
  | 'access'
  | 'parse'
  | 'nesting'
  | 'validation'
  | 'cost'
  | 'execution'
  | 'injection'
  /** Bounds on inputs (money, dates, symbols, legs, sweep sizes): each refused with a code naming its limit. */
  | 'input-bounds';

interface Base {
  readonly family: Family;
  readonly name: string;
}

export interface HttpCase extends Base {
  readonly transport: 'http';
  readonly method: string;
  /** Appended to the GraphQL URL (query string). */
  readonly search?: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface WsCase extends Base {
  readonly transport: 'ws';
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** connection_init payload; default: the corpus's read-write token. */
  readonly connectionParams?: Record<string, unknown> | null;
  /** Headers of the upgrade request (Origin, Host). */
  readonly upgradeHeaders?: Record<string, string>;
}

export type HostileCase = HttpCase | WsCase;

export interface CorpusTokens {
  readonly write: string;
  readonly read: string;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Strings that have broken parsers, SQL builders, shells and templates elsewhere. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE backtest_run; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  '$(rm -rf /)',
  '`reboot`',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF\uFFFE',
  '\uD800',
  '🚀'.repeat(50),
  'A'.repeat(10_000),
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '__proto__',
  'constructor',
  '{"__proto__": {"admin": true}}',
  '\\',
  '\r\n\r\nHTTP/1.1 200 OK',
  'null',
];

const HOSTILE_NUMBERS = ['1.7976931348623157e308', '-1.7976931348623157e308', '5e-324', '-1', '0', '2147483648', '-2147483649', '9007199254740993', '1e400'];

const json = (value: unknown) => JSON.stringify(value);

/** Deterministic PRNG (mulberry32), so the corpus is the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function buildHostileCorpus(schema: GraphQLSchema, tokens: CorpusTokens): HostileCase[] {
  const auth = { authorization: `Bearer ${tokens.write}` };
  const jsonHeaders = { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...auth };
  const post = (family: Family, name: string, body: unknown, headers: Record<string, string> = jsonHeaders): HttpCase => ({
    family,
    name,
    transport: 'http',
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : json(body),
  });
  const ws = (family: Family, name: string, query: string, variables?: Record<string, unknown>, extra: Partial<WsCase> = {}): WsCase => ({
    family,
    name,
    transport: 'ws',
    query,
    variables,
    connectionParams: { authorization: `Bearer ${tokens.write}` },
    ...extra,
  });
  /** The same operation over both transports. */
  const both = (family: Family, name: string, query: string, variables?: Record<string, unknown>): HostileCase[] => [
    post(family, `${name} (http)`, { query, variables }),
    ws(family, `${name} (ws)`, query, variables),
  ];

  const cases: HostileCase[] = [];
  const mutations = sampleOperations(schema, 'mutation');
  const queries = sampleOperations(schema, 'query');
  const subscriptions = sampleOperations(schema, 'subscription');
  const harmless = 'query Harmless { backtests { totalCount } }';
  const mutation = mutations.find((m) => m.field === 'deleteBacktest')!.query;

  // --- transport: what reaches the HTTP layer malformed -------------------------------------------
  const rawBodies = ['', '{', '}', '[', 'null', 'true', '1', '"query"', '{"query":', '{"query": 1}', '{"query": {}}', '{"query": []}', '{"query": null}', '{"variables": {}}',
    '{"query": "{ __typename }", "variables": "x"}', '{"query": "{ __typename }", "variables": [1]}', '{"query": "{ __typename }", "variables": 7}',
    '{"query": "{ __typename }", "extensions": "x"}', '{"query": "{ __typename }", "operationName": 5}', '{"query": "{ __typename }", "operationName": "Nope"}',
    '[{"query": "{ __typename }"}, {"query": "{ __typename }"}]', '\u0000\u0001\u0002', '{"query": "{ __typename }"}garbage', '\uFEFF{"query": "{ __typename }"', '{"query": "\\ud800"}'];
  rawBodies.forEach((body, i) => cases.push(post('transport', `raw body ${i}`, body)));
  for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/xml', 'application/graphql', 'application/jsonx', 'text/json', '']) {
    cases.push(post('transport', `content-type ${contentType || 'none'}`, `query=${encodeURIComponent(mutation)}`, { ...auth, ...(contentType ? { 'content-type': contentType } : {}) }));
  }
  for (const accept of ['image/png', 'text/event-stream-x', 'application/xml']) {
    cases.push(post('transport', `accept ${accept}`, { query: harmless.replace('Harmless', 'A') + ' query B { __typename }' }, { ...jsonHeaders, accept }));
  }
  for (const method of ['PUT', 'DELETE', 'PATCH']) cases.push({ family: 'transport', name: `method ${method}`, transport: 'http', method, headers: jsonHeaders, body: json({ query: harmless }) });
  const getCase = (name: string, search: string): HttpCase => ({ family: 'transport', name, transport: 'http', method: 'GET', search, headers: { accept: 'application/json', ...auth } });
  cases.push(getCase('GET mutation', `?query=${encodeURIComponent(mutation)}`));
  cases.push(getCase('GET bad variables', `?query=${encodeURIComponent(harmless)}&variables={bad`));
  cases.push(getCase('GET bad extensions', `?query=${encodeURIComponent(harmless)}&extensions={bad`));
  cases.push(getCase('GET no query', '?variables={}'));
  cases.push(getCase('GET empty query', '?query='));
  cases.push(getCase('GET variables array', `?query=${encodeURIComponent(harmless)}&variables=[1]`));

  // --- access: origins, hosts, tokens ---------------------------------------------------------------
  for (const origin of ['http://evil.example', 'null', 'https://localhost.evil.example', 'file://', 'http://127.0.0.1.evil.example']) {
    cases.push(post('access', `origin ${origin}`, { query: mutation }, { ...jsonHeaders, origin }));
    cases.push(ws('access', `ws origin ${origin}`, mutation, undefined, { upgradeHeaders: { origin } }));
  }
  for (const host of ['evil.example', 'evil.example:4000', '10.0.0.1', 'localhost.evil.example']) {
    cases.push(post('access', `host ${host}`, { query: mutation }, { ...jsonHeaders, host }));
  }
  const badAuthorizations = ['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${tokens.write}x`, `Bearer ${tokens.write.toUpperCase()}`, `Bearer ${tokens.write} extra`, 'Bearer null', `bearer${tokens.write}`, 'Bearer %00', `Bearer ${'x'.repeat(5000)}`];
  for (const [i, authorization] of badAuthorizations.entries()) {
    for (const op of [mutations[i % mutations.length], queries[i % queries.length]]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      cases.push(post('access', `authorization ${i} on ${op.field}`, { query: op.query }, headers));
    }
    cases.push(ws('access', `ws authorization ${i}`, harmless, undefined, { connectionParams: authorization ? { authorization } : null }));
  }
  for (const op of mutations) {
    cases.push(post('access', `no token ${op.field}`, { query: op.query }, { 'content-type': 'application/json' }));
    cases.push(post('access', `read-only ${op.field}`, { query: op.query }, { 'content-type': 'application/json', authorization: `Bearer ${tokens.read}` }));
    cases.push(ws('access', `ws read-only ${op.field}`, op.query, undefined, { connectionParams: { authorization: `Bearer ${tokens.read}` } }));
  }
  for (const op of subscriptions) cases.push(ws('access', `ws no token ${op.field}`, op.query, undefined, { connectionParams: null }));

  // --- parse: broken documents, both transports -----------------------------------------------------
  const random = prng(12);
  const valid = [...queries, ...mutations, ...subscriptions].map((op) => op.query);
  for (let i = 0; i < 60; i++) {
    const source = valid[i % valid.length];
    const cut = 1 + Math.floor(random() * (source.length - 2));
    cases.push(...both('parse', `truncated ${i}`, source.slice(0, cut)));
  }
  for (const [i, doc] of ['', ' ', '#only a comment', '{', '}', '{ }', 'query', 'query {', '"unterminated', '"""block', '{ a(b: ) }', '{ a(: 1) }', '{ ... }', 'fragment F on Query', '{ __typename } }', '@', '{ a b c', 'query Q($: Int) { a }', '\u0000', '{ a(x: 1.e5) }', '{ a(x: 0x10) }', '{ a(x: "\\u{D800}") }'].entries()) {
    cases.push(...both('parse', `malformed ${i}`, doc));
  }

  // --- nesting and size: refused before the parser recurses -----------------------------------------
  for (const depth of [41, 100, 1_000, 10_000, 50_000]) {
    cases.push(...both('nesting', `selection depth ${depth}`, `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`));
    cases.push(...both('nesting', `list depth ${depth}`, `{ backtest(id: ${'['.repeat(depth)}"x"${']'.repeat(depth)}) { id } }`));
    cases.push(...both('nesting', `object depth ${depth}`, `mutation { runBacktest(input: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}) { id } }`));
    cases.push(...both('nesting', `unclosed depth ${depth}`, '{ a '.repeat(depth)));
  }
  cases.push(...both('nesting', 'token flood', `{ ${'__typename '.repeat(12_000)} }`));
  cases.push(...both('nesting', 'long document', `{ __typename } ${'#'.repeat(200_000)}`));
  cases.push(...both('nesting', 'deep introspection', `{ __schema { types { ${'fields { type { ofType { '.repeat(20)}name${' } } }'.repeat(20)} } } }`));
  const deepJson = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;
  for (const depth of [100, 1_500]) {
    cases.push(...both('nesting', `deep JSON variable ${depth}`, 'mutation M($p: JSON) { runBacktest(input: { symbols: ["SYNTH-BTCUSDT"], timeframe: "1h", startDate: "2024-01-01T00:00:00Z", endDate: "2024-02-01T00:00:00Z", strategy: "sma_cross", initialCapital: 1000, strategyParams: $p }) { id } }', { p: deepJson(depth) }));
  }

  // --- validation: well-formed, wrong for the schema ------------------------------------------------
  const validationDocs = [
    '{ nope }',
    '{ backtests { nope } }',
    '{ backtest { id } }',
    '{ backtest(id: 1, id: 2) { id } }',
    '{ backtest(id: "x", nope: 1) { id } }',
    '{ backtests }',
    '{ strategies { name { x } } }',
    'query A { __typename } query A { __typename }',
    '{ __typename } { __typename }',
    'fragment F on Query { ...G } fragment G on Query { ...F } { ...F }',
    'fragment F on Nope { a } { ...F }',
    '{ ...Missing }',
    '{ __typename @skip }',
    '{ __typename @nope }',
    `{ __typename ${'@include(if: true) '.repeat(200)}}`,
    'query Q($id: ID!) { backtest(id: $id) { id } }',
    'query Q($id: Nope) { __typename }',
    'query Q($id: ID) { backtest(id: $id) { id } }',
    'subscription { backtestProgress(id: "x") { status } backtestEquity(id: "x") { done } }',
    'mutation { nope }',
    'mutation { runBacktest { id } }',
    'mutation { runBacktest(input: {}) { id } }',
    'mutation { runBacktest(input: { symbols: "x" }) { id } }',
    'mutation { decideRecommendation(id: "x", status: MAYBE) { id } }',
    `{ ${Array.from({ length: 250 }, (_, i) => `a${i}: strategies { name }`).join(' ')} }`,
    '{ backtests { edges { node { trades { edges { node { id } } } } } } }'.replace('node { id }', 'node { id run { trades { edges { node { id } } } } }'),
  ];
  validationDocs.forEach((doc, i) => cases.push(...both('validation', `doc ${i}`, doc)));
  for (const op of [...queries, ...mutations]) {
    cases.push(...both('validation', `${op.field} with a stray argument`, op.query.replace(`{ ${op.field}`, `{ ${op.field}(zzz: 1)`).replace(')(', ', ')));
  }
  const variableMismatches: Array<[string, unknown]> = [['"x"', 'x'], ['{}', {}], ['[]', []], ['true', true], ['1e400', null], ['-1', -1], ['"1"', '1']];
  for (const [i, [, value]] of variableMismatches.entries()) {
    cases.push(...both('validation', `Int variable mismatch ${i}`, 'query Q($n: Int!) { backtests(first: $n) { totalCount } }', { n: value }));
    cases.push(...both('validation', `DateTime variable mismatch ${i}`, 'query Q($d: DateTime!) { candles(symbol: "SYNTH-BTCUSDT", interval: "1h", from: $d, to: $d) { totalCount } }', { d: value }));
  }

  // --- cost: cheap to send, expensive to answer -----------------------------------------------------
  const year = { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };
  for (const [n, interval] of [[99, '5m'], [20, '1m'], [5, '1m']] as const) {
    cases.push(...both('cost', `${n} x dataQuality ${interval}`, `{ ${Array.from({ length: n }, (_, i) => `q${i}: dataQuality(symbol: "SYNTH-BTCUSDT", interval: "${interval}", from: "${year.from}", to: "${year.to}") { missingCandles }`).join(' ')} }`));
    cases.push(...both('cost', `${n} x candles ${interval}`, `{ ${Array.from({ length: n }, (_, i) => `q${i}: candles(symbol: "SYNTH-BTCUSDT", interval: "${interval}", from: "${year.from}", to: "${year.to}") { totalCount }`).join(' ')} }`));
  }
  cases.push(...both('cost', 'dataQuality 1m over decades', `{ dataQuality(symbol: "SYNTH-BTCUSDT", interval: "1m", from: "1990-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z") { missingCandles } }`));
  cases.push(...both('cost', 'dataQuality 1m over millennia', `{ dataQuality(symbol: "SYNTH-BTCUSDT", interval: "1m", from: "0001-01-01T00:00:00Z", to: "9999-12-31T00:00:00Z") { expectedCandles } }`));
  cases.push(...both('cost', 'nested pages', '{ backtests(first: 500) { edges { node { trades(first: 500) { edges { node { id symbol entryPrice } } } } } } }'));
  cases.push(...both('cost', 'equity curves x 100', `{ backtests(first: 500) { edges { node { equityCurve(maxPoints: 5000) { equity } } } } }`));
  cases.push(...both('cost', 'sweep results pages', '{ optimizationSweeps(first: 500) { edges { node { results(first: 500) { edges { node { params run { trades(first: 500) { totalCount } } } } } } } } }'));

  // --- execution: valid documents, impossible values ------------------------------------------------
  for (const op of [...queries, ...subscriptions].filter((o) => o.query.includes(UNKNOWN_ID))) {
    for (const id of [UNKNOWN_ID, 'not-a-uuid', '', '-1', ...HOSTILE_STRINGS.slice(0, 6)]) {
      // Query fields answer null for unknown ids (not an error); only those that must refuse are listed.
      if (op.kind === 'query') continue;
      cases.push(...both('execution', `${op.field} id ${json(id).slice(0, 30)}`, op.query.replace(json(UNKNOWN_ID), json(id))));
    }
  }
  for (const op of mutations.filter((o) => o.query.includes(UNKNOWN_ID))) {
    for (const id of [UNKNOWN_ID, 'not-a-uuid', '', '-1', ...HOSTILE_STRINGS.slice(0, 4)]) {
      cases.push(...both('execution', `${op.field} id ${json(id).slice(0, 30)}`, op.query.replace(json(UNKNOWN_ID), json(id))));
    }
  }
  for (const raw of ['OffsetConnection:-1', 'OffsetConnection:-999999999', 'OffsetConnection:99999999999', 'OffsetConnection:abc', 'OffsetConnection:', 'garbage', '']) {
    const cursor = Buffer.from(raw).toString('base64');
    for (const field of ['backtests', 'optimizations', 'optimizationSweeps', 'recommendations']) {
      cases.push(...both('execution', `${field} cursor ${raw}`, `query Q($c: String) { ${field}(first: 5, after: $c) { totalCount } }`, { c: cursor }));
    }
  }
  for (const n of [-1, 0, 1, 2, 3, 5001, 2147483647]) {
    cases.push(...both('execution', `equityCurve maxPoints ${n}`, `{ backtests(first: 1) { edges { node { equityCurve(maxPoints: ${n}) { equity } } } } }`));
    cases.push(ws('execution', `backtestEquity maxPoints ${n}`, `subscription { backtestEquity(id: "${UNKNOWN_ID}", maxPoints: ${n}) { done } }`));
  }
  for (const n of [-1, -1000]) cases.push(...both('execution', `first ${n}`, `{ backtests(first: ${n}) { totalCount } }`));
  const rangeArgs = (interval: string, from: string, to: string) => `symbol: "SYNTH-BTCUSDT", interval: "${interval}", from: "${from}", to: "${to}"`;
  for (const [interval, from, to] of [['7m', year.from, year.to], ['', year.from, year.to], ['1h', year.to, year.from], ['1h', year.from, year.from], ['1M', year.from, year.to].map((v, i) => (i === 0 ? '1y' : v))]) {
    cases.push(...both('execution', `dataQuality ${interval} ${from}..${to}`, `{ dataQuality(${rangeArgs(interval, from, to)}) { missingCandles } }`));
    cases.push(...both('execution', `candles ${interval} ${from}..${to}`, `{ candles(${rangeArgs(interval, from, to)}) { totalCount } }`));
  }
  const runInput = { symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2024-01-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z', strategy: 'sma_cross', initialCapital: 1000 };
  const RUN = 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }';
  const SWEEP = 'mutation S($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }';
  const badRuns: Array<[string, Record<string, unknown>]> = [
    ['unknown strategy', { strategy: 'nope' }],
    ['strategy injection', { strategy: HOSTILE_STRINGS[0] }],
    ['bad timeframe', { timeframe: '7m' }],
    ['end before start', { startDate: '2024-02-01T00:00:00Z', endDate: '2024-01-01T00:00:00Z' }],
    ['zero capital', { initialCapital: 0 }],
    ['negative capital', { initialCapital: -5 }],
    ['negative size', { positionSize: -1 }],
    ['fee rate 50%', { feeRate: 0.5 }],
    ['strategyParams array', { strategyParams: [1, 2] }],
    ['strategyParams unknown', { strategyParams: { nope: 1 } }],
    ['strategyParams string junk', { strategyParams: '{not json' }],
    ['strategyParams out of range', { strategyParams: { fast: -5 } }],
    ['strategyParams proto', { strategyParams: JSON.parse('{"__proto__": {"fast": 3}}') }],
    ['empty symbols', { symbols: [] }],
    ['name too long', { name: 'n'.repeat(10_000) }],
    ['extra leg unknown strategy', { extraLegs: [{ strategy: 'nope', symbols: ['SYNTH-BTCUSDT'] }] }],
  ];
  for (const [name, overrides] of badRuns) cases.push(...both('execution', `runBacktest ${name}`, RUN, { input: { ...runInput, ...overrides } }));
  const badSweeps: Array<[string, Record<string, unknown>]> = [
    ['ranges not an object', { parameterRanges: [1] }],
    ['ranges empty list', { parameterRanges: { fast: [] } }],
    ['unknown parameter', { parameterRanges: { nope: [1, 2] } }],
    ['step zero', { parameterRanges: { fast: { min: 1, max: 10, step: 0 } } }],
    ['step negative', { parameterRanges: { fast: { min: 10, max: 1, step: -1 } } }],
    ['grid too large', { parameterRanges: { fast: { min: 2, max: 200, step: 1 }, slow: { min: 3, max: 400, step: 1 } } }],
    ['maxCombinations 0', { parameterRanges: { fast: [5, 8] }, maxCombinations: 0 }],
    ['every combination breaks a constraint', { parameterRanges: { fast: [50, 60], slow: [10, 20] } }],
  ];
  for (const [name, overrides] of badSweeps) cases.push(...both('execution', `optimizeStrategy ${name}`, SWEEP, { input: { ...runInput, ...overrides } }));
  for (const format of ['CSV', 'BINANCE_CSV', 'BINANCE_ARCHIVE']) {
    for (const [i, content] of ['', 'not,a,csv', 'time,open,high,low,close,volume\nx,1,2,3,4,5', 'UEsDBBQ=', '\u0000\u0001', HOSTILE_STRINGS[0]].entries()) {
      cases.push(...both('execution', `importCandles ${format} ${i}`, 'mutation I($input: ImportCandlesInput!) { importCandles(input: $input) { rowsInserted } }', { input: { symbol: 'SYNTH-IMPORT', interval: '1h', format, content } }));
    }
  }
  for (const [name, input] of [
    ['bad interval', { symbol: 'BTCUSDT', interval: '7m', from: year.from, to: year.to }],
    ['empty symbol', { symbol: '', interval: '1h', from: year.from, to: year.to }],
    ['reversed range', { symbol: 'BTCUSDT', interval: '1h', from: year.to, to: year.from }],
    ['synthetic symbol', { symbol: 'SYNTH-BTCUSDT', interval: '1h', from: year.from, to: year.to }],
  ] as const) {
    cases.push(...both('execution', `fetchHistory ${name}`, 'mutation F($input: FetchHistoryInput!) { fetchHistory(input: $input) { id } }', { input }));
  }

  // --- injection: hostile strings wherever a string goes ---------------------------------------------
  // Strings a symbol could be (NaN, null…) are valid input for an unknown symbol, not attacks.
  const plausibleSymbol = (text: string) => /^[A-Za-z0-9._-]{1,30}$/.test(text);
  for (const [i, text] of HOSTILE_STRINGS.entries()) {
    if (plausibleSymbol(text)) continue;
    // dataQuality answers an empty report for a symbol it has no candles of; refusing malformed ones is an input bound.
    cases.push(...both(/^[A-Za-z0-9._-]{1,40}$/.test(text) ? 'injection' : 'input-bounds', `symbol ${i}`, 'query Q($s: String!) { dataQuality(symbol: $s, interval: "1h", from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") { ok } }', { s: text }));
    cases.push(...both('injection', `interval ${i}`, 'query Q($s: String!) { candles(symbol: "SYNTH-BTCUSDT", interval: $s, from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") { totalCount } }', { s: text }));
    cases.push(...both('injection', `run symbol ${i}`, RUN, { input: { ...runInput, symbols: [text], fetchMissingData: false } }));
    cases.push(...both('injection', `run timeframe ${i}`, RUN, { input: { ...runInput, timeframe: text } }));
    cases.push(...both('injection', `run strategy ${i}`, RUN, { input: { ...runInput, strategy: text } }));
    cases.push(...both('injection', `decide status ${i}`, 'mutation D($id: ID!) { decideRecommendation(id: $id, status: ACCEPTED) { id } }', { id: text }));
    cases.push(...both('injection', `import symbol ${i}`, 'mutation I($input: ImportCandlesInput!) { importCandles(input: $input) { rowsInserted } }', { input: { symbol: text, interval: '1h', format: 'CSV', content: '' } }));
  }
  for (const [i, number] of HOSTILE_NUMBERS.entries()) {
    if (number === '0') continue; // first: 0 is a valid (empty) page
    if (number !== '5e-324') cases.push(...both('injection', `outlierSigmas ${number}`, `{ dataQuality(symbol: "SYNTH-BTCUSDT", interval: "1h", from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z", outlierSigmas: ${number}) { ok } }`));
    cases.push(...both('injection', `first ${i}`, `{ backtests(first: ${number}) { totalCount } }`));
  }

  // --- input bounds: finite but absurd values must be refused ------------------------------------
  const bounds: Array<[string, Record<string, unknown>]> = [
    ['capital 1.8e308', { initialCapital: 1.7976931348623157e308 }],
    ['capital 5e-324', { initialCapital: 5e-324 }],
    ['position size 1.8e308', { positionSize: 1.7976931348623157e308 }],
    ['year 1', { startDate: '0001-01-01T00:00:00Z', endDate: '0001-02-01T00:00:00Z' }],
    ['year 9999', { startDate: '9999-01-01T00:00:00Z', endDate: '9999-12-31T00:00:00Z' }],
    ['1 ms range', { startDate: '2024-01-01T00:00:00.000Z', endDate: '2024-01-01T00:00:00.001Z' }],
    ['10,000 symbols', { symbols: Array.from({ length: 10_000 }, (_, i) => `SYNTH-S${i}`) }],
    ['1,000 legs', { extraLegs: Array.from({ length: 1_000 }, () => ({ strategy: 'sma_cross', symbols: ['SYNTH-BTCUSDT'] })) }],
  ];
  for (const [name, overrides] of bounds) cases.push(...both('input-bounds', `runBacktest ${name}`, RUN, { input: { ...runInput, ...overrides } }));
  cases.push(...both('input-bounds', 'sweep of 10^6 listed values', SWEEP, { input: { ...runInput, parameterRanges: { fast: Array.from({ length: 1_000_000 }, (_, i) => i + 2) } } }));

  return cases;
}
