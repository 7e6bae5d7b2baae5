/** The strategy a form starts on: the one the address names (`?strategy=`, e.g. from the builder's Run), else ema_cross, else the first. */
export function initialStrategy(names: readonly string[], requested: string | undefined): string | undefined {
  return names.find((n) => n === requested) ?? names.find((n) => n === 'ema_cross') ?? names[0];
}
