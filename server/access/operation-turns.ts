import { AppError } from '../graphql/errors.ts';

/**
 * Queries and mutations one principal may have in progress at once, over HTTP and graphql-ws
 * together; more wait their turn, in order of arrival (an HTTP body is not even read meanwhile).
 * The event loop then serves a token flooding the server the way it serves everyone else: another
 * client's request waits behind at most this many of the flood's, not behind all of them.
 * Subscriptions, long-lived by design, take no turn.
 */
export const MAX_OPERATIONS_IN_PROGRESS_PER_PRINCIPAL = 2;
/** Operations one principal may have waiting for a turn; beyond, RATE_LIMITED. */
export const MAX_OPERATIONS_WAITING_PER_PRINCIPAL = 1000;

export interface Turn {
  /** True once the operation may proceed; false if it left before its turn came. */
  readonly admitted: Promise<boolean>;
  /** Ends the turn, letting the next one in, or gives up a place in the line. Idempotent. */
  leave(): void;
}

interface Line {
  inProgress: number;
  readonly waiting: Array<{ admit(): void }>;
}

/**
 * Lines of one kind of work per principal: `inProgress` at once, `waiting` more in order of arrival,
 * and RATE_LIMITED (`limit: what`) beyond.
 */
export class OperationTurns {
  private readonly lines = new Map<string, Line>();

  constructor(
    readonly inProgress = MAX_OPERATIONS_IN_PROGRESS_PER_PRINCIPAL,
    readonly waiting = MAX_OPERATIONS_WAITING_PER_PRINCIPAL,
    readonly what: 'operations' | 'computations' = 'operations',
  ) {}

  /** A turn for one of the principal's operations; throws RATE_LIMITED when its line is full. */
  take(principalId: string): Turn {
    let line = this.lines.get(principalId);
    if (!line) this.lines.set(principalId, (line = { inProgress: 0, waiting: [] }));
    const current = line;
    if (current.inProgress < this.inProgress) {
      current.inProgress++;
      return this.turn(principalId, current, 'in progress', Promise.resolve(true), () => undefined);
    }
    if (current.waiting.length >= this.waiting) {
      throw new AppError('RATE_LIMITED', `At most ${this.inProgress} ${this.what} of one token run at once and ${this.waiting} wait their turn; retry when some have finished`, {
        limit: this.what,
        max: this.waiting,
        retryAfterSeconds: 1,
        http: { status: 429, headers: { 'Retry-After': '1' } },
      });
    }
    let settle!: (admitted: boolean) => void;
    const admitted = new Promise<boolean>((resolve) => (settle = resolve));
    return this.turn(principalId, current, 'waiting', admitted, settle);
  }

  private turn(principalId: string, line: Line, initial: 'in progress' | 'waiting', admitted: Promise<boolean>, settle: (admitted: boolean) => void): Turn {
    let state: 'in progress' | 'waiting' | 'left' = initial;
    const place = {
      admit: () => {
        state = 'in progress';
        settle(true);
      },
    };
    if (state === 'waiting') line.waiting.push(place);
    return {
      admitted,
      leave: () => {
        if (state === 'waiting') {
          line.waiting.splice(line.waiting.indexOf(place), 1);
          settle(false);
        } else if (state === 'in progress') {
          const next = line.waiting.shift();
          if (next) next.admit();
          else line.inProgress--;
        }
        state = 'left';
        if (line.inProgress === 0 && line.waiting.length === 0 && this.lines.get(principalId) === line) this.lines.delete(principalId);
      },
    };
  }
}
