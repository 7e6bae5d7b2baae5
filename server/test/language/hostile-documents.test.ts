import { describe, expect, it } from 'vitest';
import { parseStrategyDocument } from '../../engine/language/validate.ts';
import { HOSTILE_DOCUMENTS } from './hostile-documents.ts';

describe('hostile documents (the checker)', () => {
  it('has at least 50 of them', () => expect(HOSTILE_DOCUMENTS.length).toBeGreaterThanOrEqual(50));

  it.each(HOSTILE_DOCUMENTS.map((h) => [h.label, h] as const))('%s', (_label, hostile) => {
    const result = parseStrategyDocument(hostile.json);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    if (hostile.code === 'STRATEGY_DOCUMENT_TOO_LARGE') {
      expect('limit' in result).toBe(true);
      return;
    }
    expect('problems' in result, JSON.stringify(result)).toBe(true);
    const paths = 'problems' in result ? result.problems.map((p) => p.path) : [];
    for (const path of hostile.paths) expect(paths, JSON.stringify(result)).toContain(path);
    if ('problems' in result) for (const p of result.problems) expect(p.message.length).toBeGreaterThan(5);
  });
});
