import type { OppositeSignalAction } from '../settings.ts';

/** The oppositeSignal setting as the number the bar loop compares against. */
export const REVERSE = 0, CLOSE = 1, IGNORE = 2;

export function oppositeSignalCode(action: OppositeSignalAction): number {
  return action === 'REVERSE' ? REVERSE : action === 'CLOSE' ? CLOSE : IGNORE;
}
