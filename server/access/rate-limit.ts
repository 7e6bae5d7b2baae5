import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Mutations per token per minute, as a token bucket: a token may burst up to its whole minute's
 * allowance, then gets one more every 60/limit seconds. Kept in the API process's memory, so with
 * several API processes each enforces the limit on its own.
 */
export class MutationRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `count` from the principal's bucket; when it holds too few, takes none and says when enough will be there. */
  take(principalId: string, count: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const nowMs = this.now();
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(principalId) ?? { tokens: this.perMinute, updatedMs: nowMs };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (nowMs - bucket.updatedMs) * refillPerMs);
    bucket.updatedMs = nowMs;
    this.buckets.set(principalId, bucket);
    if (this.buckets.size > 10_000) this.forgetFullBuckets(nowMs);
    if (count <= bucket.tokens) {
      bucket.tokens -= count;
      return { ok: true };
    }
    const missing = count - bucket.tokens;
    return { ok: false, retryAfterSeconds: count > this.perMinute ? 60 : Math.ceil(missing / refillPerMs / 1000) };
  }

  private forgetFullBuckets(nowMs: number) {
    for (const [id, bucket] of this.buckets) if (nowMs - bucket.updatedMs > 60_000) this.buckets.delete(id);
  }
}

/** Root fields an operation runs, counting each alias and each field reached through fragments. */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const count = (set: SelectionSetNode, seen: Set<string>): number =>
    set.selections.reduce((sum, selection) => {
      if (selection.kind === Kind.FIELD) return sum + (selection.name.value.startsWith('__') ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return sum;
      return sum + count(fragment, new Set([...seen, name]));
    }, 0);
  return count(operation.selectionSet, new Set());
}
