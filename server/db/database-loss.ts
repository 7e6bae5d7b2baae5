/**
 * A database lost for good, reported once: every listener hears the first reason, later reports are
 * ignored. `unheard` takes a loss that nobody listens to (so it is at least logged).
 */
export function databaseLoss(unheard: (reason: string) => void = () => {}) {
  const listeners: Array<(reason: string) => void> = [];
  let lost = false;
  return {
    isLost: () => lost,
    onLost: (listener: (reason: string) => void): void => {
      listeners.push(listener);
    },
    lose: (reason: string): void => {
      if (lost) return;
      lost = true;
      for (const listener of listeners) listener(reason);
      if (!listeners.length) unheard(reason);
    },
  };
}
