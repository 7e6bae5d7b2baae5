/** The strategy language: documents, their checks, and their compilation to engine strategies (README "Strategy language"). */
export * from './document.ts';
export * from './problems.ts';
export { validateStrategyDocument, parseStrategyDocument, type ValidationResult } from './validate.ts';
export { compileDocument, DocumentEvaluator } from './compile.ts';
export { documentWarmup, documentHistoryBars, type WarmupLine } from './warmup.ts';
export { lookAheadCheck, decisionsOf, type LookAheadReport, type LookAheadFinding, type Decisions } from './lookahead.ts';
export { previewRun, type StrategyPreviewRun } from './preview.ts';
export { BUILTIN_DOCUMENTS } from './builtins.ts';
export { paramSpecsOf } from './params.ts';
export { strategyDocumentJsonSchema } from './json-schema.ts';
export { EXAMPLE_DOCUMENTS, RSI_TREND_EXAMPLE, BOLLINGER_ATR_EXAMPLE, MACD_VOLUME_EXAMPLE } from './examples.ts';
