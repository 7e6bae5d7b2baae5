import { strategyTitle } from '../strategies/index.ts';

/** A report's strategy line: a user strategy's title with its exact versioned name, which a reader can look up. */
export function strategyCaption(name: string): string {
  const title = strategyTitle(name);
  return title === name ? name : `${title} (${name})`;
}
