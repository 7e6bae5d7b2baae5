/**
 * The architecture as rules: engine ← definitions (domain/) ← plumbing ← features ← wiring ←
 * entry points, and a web client that talks to the server only through GraphQL and the definitions.
 * `npm test` runs these (`npm run deps:check`); a violation names its rule and fails the run.
 */
const FEATURES = '(backtest|market-data|optimization|recommendations|presets|strategies)';
const WIRING = '^server/(app\\.ts|shutdown\\.ts|db/orm\\.ts|graphql/schema\\.ts|graphql/yoga\\.ts|jobs/worker\\.ts|db/entities\\.ts)$';
const PLUMBING = '^server/(graphql|jobs|db|http|access)/|^server/(config|logger|services)\\.ts$';
const ENTRY = '^server/(main|worker)\\.ts$|^server/(scripts|reliability|harness|test)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycle, value-level or type-level: each module stands above the ones it imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-pure',
      comment: 'The engine imports only itself: no IO, no packages, no Node built-ins, no definitions or features.',
      severity: 'error',
      from: { path: '^server/engine/' },
      to: { pathNot: '^server/engine/' },
    },
    {
      name: 'definitions-import-only-the-engine',
      comment: 'domain/ is pure definitions both sides import: it may use the engine and nothing else.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^(domain|server/engine)/' },
    },
    {
      name: 'web-talks-graphql-and-definitions-only',
      comment: 'The web client reaches the server through GraphQL; the only server-side code it imports is domain/.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^(server|migrations)/' },
    },
    {
      name: 'web-features-stay-in-their-folder',
      comment: 'A web feature folder imports lib/, ui/, charts/, the definitions and its own files: never another feature. What several features use lives in lib/ (logic, data, shared GraphQL) or ui/ (components).',
      severity: 'error',
      from: { path: '^web/src/features/([^/]+)/' },
      to: { path: '^web/src/features/', pathNot: '^web/src/features/$1/' },
    },
    {
      name: 'web-shared-code-imports-no-feature',
      comment: 'lib/, ui/ and charts/ serve every feature, so they import none.',
      severity: 'error',
      from: { path: '^web/src/(lib|ui|charts)/' },
      to: { path: '^web/src/features/' },
    },
    {
      name: 'plumbing-imports-no-feature',
      comment: 'The GraphQL builder and pubsub, the job runner, db and http serve every feature, so they import none.',
      severity: 'error',
      from: { path: PLUMBING, pathNot: WIRING },
      to: { path: `^server/${FEATURES}/|${WIRING}|${ENTRY}` },
    },
    {
      name: 'features-through-their-index',
      comment: "A feature uses another only through that feature's index.ts, never its internals.",
      severity: 'error',
      from: { path: `^server/${FEATURES}/` },
      to: { path: `^server/${FEATURES}/`, pathNot: [`^server/$1/`, `^server/${FEATURES}/index\\.ts$`] },
    },
    {
      name: 'features-import-no-wiring',
      comment: 'Features are assembled by the wiring (schema index, worker registration, app) and the entry points; they never import them.',
      severity: 'error',
      from: { path: `^server/${FEATURES}/` },
      to: { path: `${WIRING}|${ENTRY}` },
    },
    {
      name: 'production-code-imports-no-tests',
      severity: 'error',
      from: { pathNot: '^(server/test|web/test)/' },
      to: { path: '^(server/test|web/test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'], conditionNames: ['import', 'default'] },
  },
};
