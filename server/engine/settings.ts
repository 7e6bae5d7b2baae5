/**
 * The run settings: every account and execution option a backtest or a sweep runs with, defined once.
 * The engine's BacktestConfig type, its validation, the GraphQL input fields (with their descriptions),
 * the settings stored with runs and sweeps, and the web form's bounds are all derived from this table,
 * so a bound or a default cannot disagree between layers. Adding an option: add it here, use it in the
 * simulator, run `npm run schema:print`, offer it in the form.
 */

export const SIZING_MODES = ['FIXED_QUOTE', 'PERCENT_EQUITY', 'RISK_PERCENT', 'EQUAL_SPLIT'] as const;
export type SizingMode = (typeof SIZING_MODES)[number];

/** Which entries win when more signals arrive at one open than there are free slots (simulator/slot-ranking.ts). */
export const ENTRY_RANKINGS = ['SIGNAL_STRENGTH', 'VOLUME', 'VOLATILITY', 'STRATEGY_SERIES'] as const;
export type EntryRanking = (typeof ENTRY_RANKINGS)[number];

/**
 * When open positions are resized to their target weights (simulator/rebalancing.ts): every
 * rebalanceEveryBars bars, or at the first bar that opens in a new UTC day, week (from Monday 00:00) or month.
 */
export const REBALANCE_SCHEDULES = ['BARS', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type RebalanceSchedule = (typeof REBALANCE_SCHEDULES)[number];

/** What a signal against the open position does (the simulator's onSignal). */
export const OPPOSITE_SIGNAL_ACTIONS = ['REVERSE', 'CLOSE', 'IGNORE'] as const;
export type OppositeSignalAction = (typeof OPPOSITE_SIGNAL_ACTIONS)[number];

/** How an entry order is placed at the next bars (simulator/entry-orders.ts; fill rules in the README). */
export const ENTRY_ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'] as const;
export type EntryOrderType = (typeof ENTRY_ORDER_TYPES)[number];

/** What entryOffset counts in. */
export const ENTRY_OFFSET_MODES = ['PERCENT', 'ATR'] as const;
export type EntryOffsetMode = (typeof ENTRY_OFFSET_MODES)[number];

/** Spot (1×, the account holds the asset or 1× collateral) or USDⓈ-M perpetual futures (isolated margin, funding). */
export const MARKET_TYPES = ['SPOT', 'FUTURES'] as const;
export type MarketType = (typeof MARKET_TYPES)[number];

/** Finer stored candles that resolve what happens inside a bar; OFF = the bar's open, high, low and close only. */
export const DETAIL_TIMEFRAMES = ['OFF', 'M1', 'M3', 'M5', 'M15', 'M30', 'H1'] as const;
export type DetailTimeframe = (typeof DETAIL_TIMEFRAMES)[number];
/** The stored candle interval each detail choice reads (GraphQL enum values cannot start with a digit). */
export const DETAIL_TIMEFRAME_INTERVALS: Readonly<Record<DetailTimeframe, string | null>> = {
  OFF: null,
  M1: '1m',
  M3: '3m',
  M5: '5m',
  M15: '15m',
  M30: '30m',
  H1: '1h',
};

/** ATR period of entryOffsetMode ATR. */
export const ENTRY_OFFSET_ATR_PERIOD = 14;

/** What a person reads: a form's label and the unit the value is in (absent when it has none). */
interface Labelled {
  readonly label: string;
  readonly unit?: string;
  readonly description: string;
}

interface NumberSetting extends Labelled {
  readonly kind: 'float' | 'int';
  /** Absent from a request → this value. `undefined` = the setting must be given. */
  readonly default?: number | null;
  /** null is a value of its own (the feature is off). */
  readonly nullable?: boolean;
  readonly min: number;
  readonly max: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  /**
   * Positive values below this are refused although min is 0: a step or size of 5e-324 is a unit
   * mistake, not a setting, and would make quantities overflow or round to nothing.
   */
  readonly smallestNonZero?: number;
}
interface BoolSetting extends Labelled {
  readonly kind: 'bool';
  readonly default: boolean;
}
interface EnumSetting<V extends string> extends Labelled {
  readonly kind: 'enum';
  readonly values: readonly V[];
  /** A few words per value, for a choice list. */
  readonly valueLabels: Readonly<Record<V, string>>;
  readonly valueDescriptions: Readonly<Record<V, string>>;
  readonly default: V;
}
/** One scaling-out target: a level in R and the fraction of the quantity entered it closes. */
export interface ScaleOutTarget {
  readonly levelR: number;
  readonly fraction: number;
}
/** A list of partial targets (scaling out): levels in (0, levelMax] R increasing, fractions in (0, 1] summing to at most 1. */
interface TargetListSetting extends Labelled {
  readonly kind: 'targets';
  readonly default: readonly ScaleOutTarget[];
  readonly maxTargets: number;
  readonly levelMax: number;
}
/** One symbol's target weight for rebalancing: the fraction of equity its position is resized to. */
export interface TargetWeight {
  readonly symbol: string;
  readonly weight: number;
}
/** Target weights per symbol: each in [0, 1], summing to at most 1 (the rest stays cash), each symbol once. */
interface WeightListSetting extends Labelled {
  readonly kind: 'weights';
  readonly default: readonly TargetWeight[];
  readonly maxWeights: number;
}
export type SettingSpec = NumberSetting | BoolSetting | EnumSetting<string> | TargetListSetting | WeightListSetting;

/** Money bounds: finite, far beyond any account, far above float dust. */
const MAX_MONEY = 1e12;
/** The most positionSize may be in a percent sizing mode (PERCENT_EQUITY, RISK_PERCENT). */
export const MAX_SIZING_PERCENT = 100;

export const RUN_SETTINGS = {
  initialCapital: {
    kind: 'float',
    label: 'Initial capital',
    unit: 'quote',
    description: 'Starting cash, quote currency',
    min: 1,
    max: MAX_MONEY,
  },
  sizingMode: {
    kind: 'enum',
    label: 'Sizing',
    description: 'How positionSize is read (default FIXED_QUOTE)',
    values: SIZING_MODES,
    valueLabels: {
      FIXED_QUOTE: 'Fixed amount of quote',
      PERCENT_EQUITY: '% of equity',
      RISK_PERCENT: '% of equity at risk to the stop',
      EQUAL_SPLIT: 'Equal split of free slots',
    },
    valueDescriptions: {
      FIXED_QUOTE: 'positionSize is an amount of quote currency per trade',
      PERCENT_EQUITY: 'positionSize is a percent of current equity per trade',
      RISK_PERCENT: "positionSize is the percent of equity lost if the trade's stop-loss is hit",
      EQUAL_SPLIT: 'Each entry stakes free cash / free slots (maxOpenPositions − open positions), fee included; positionSize is not read',
    },
    default: 'FIXED_QUOTE',
  },
  positionSize: {
    kind: 'float',
    label: 'Position size',
    unit: 'quote or %',
    description: 'Amount per trade; its unit follows sizingMode (default 100 quote); percent modes allow at most 100',
    default: 100,
    min: 0,
    minExclusive: true,
    max: MAX_MONEY,
    smallestNonZero: 1e-8,
  },
  feeRate: {
    kind: 'float',
    label: 'Fee rate',
    unit: 'fraction of notional',
    description: 'Fraction of notional charged per fill, on entry and on exit (default 0.001 = 0.1 %)',
    default: 0.001,
    min: 0,
    max: 0.1,
    maxExclusive: true,
  },
  slippageBps: {
    kind: 'float',
    label: 'Slippage',
    unit: 'bps',
    description: 'Adverse price move applied to market fills, basis points (default 0)',
    default: 0,
    min: 0,
    max: 1000,
  },
  quantityStep: {
    kind: 'float',
    label: 'Quantity step',
    unit: 'base units',
    description: 'Quantities round down to a multiple of this (0 = no rounding, 1 = whole units, 0.00001 = BTC lots)',
    default: 0,
    min: 0,
    max: 1e9,
    smallestNonZero: 1e-12,
  },
  minNotional: {
    kind: 'float',
    label: 'Minimum order',
    unit: 'quote',
    description: 'Orders below this quote amount are skipped (default 0)',
    default: 0,
    min: 0,
    max: MAX_MONEY,
  },
  maxOpenPositions: {
    kind: 'int',
    label: 'Max open positions',
    description: 'Most positions open at once across all symbols and legs (default 10)',
    default: 10,
    min: 1,
    max: 1000,
  },
  entryRanking: {
    kind: 'enum',
    label: 'When slots run out, prefer',
    description:
      'Which entries fill first when more signals arrive at one open than maxOpenPositions leaves room for; the rest are skipped (MAX_OPEN_POSITIONS). Ties: symbol name, then leg (default SIGNAL_STRENGTH)',
    values: ENTRY_RANKINGS,
    valueLabels: {
      SIGNAL_STRENGTH: 'Strongest signal',
      VOLUME: 'Highest quote volume',
      VOLATILITY: 'Highest volatility',
      STRATEGY_SERIES: "Highest of the strategy's rank series",
    },
    valueDescriptions: {
      SIGNAL_STRENGTH: "The strategy's confidence in the signal, highest first",
      VOLUME: 'Quote volume (close × volume) of the signal bar, highest first',
      VOLATILITY: 'Standard deviation of the last 20 close-to-close log returns up to the signal bar, highest first',
      STRATEGY_SERIES: "The strategy document's rules.rank series at the signal bar, highest first (strategies without one are refused)",
    },
    default: 'SIGNAL_STRENGTH',
  },
  rebalanceSchedule: {
    kind: 'enum',
    label: 'Rebalance',
    description:
      'When open positions are resized to their target weights (rebalanceWeights): every rebalanceEveryBars bars (BARS, the default; off while rebalanceEveryBars is null), or at the first bar opening in a new UTC day, week or month. Spot only',
    values: REBALANCE_SCHEDULES,
    valueLabels: { BARS: 'Every n bars', DAILY: 'Daily', WEEKLY: 'Weekly (Monday)', MONTHLY: 'Monthly' },
    valueDescriptions: {
      BARS: 'At the open of every rebalanceEveryBars-th bar of the range (null = never)',
      DAILY: 'At the first bar that opens on a new UTC day',
      WEEKLY: 'At the first bar that opens in a new week (weeks start Monday 00:00 UTC)',
      MONTHLY: 'At the first bar that opens in a new UTC calendar month',
    },
    default: 'BARS',
  },
  rebalanceEveryBars: {
    kind: 'int',
    label: 'Rebalance every',
    unit: 'bars',
    description:
      'rebalanceSchedule BARS: resize open positions to their target weights at the open of every this many bars of the range; null = never (default). Spot only',
    default: null,
    nullable: true,
    min: 1,
    max: 1_000_000,
  },
  rebalanceWeights: {
    kind: 'weights',
    label: 'Target weights',
    unit: 'fraction of equity',
    description:
      "Rebalancing's target per symbol: each weight in [0, 1], summing to at most 1 (the rest stays cash), each symbol once and among the run's symbols; a symbol not listed has weight 0 (a rebalance closes its position). Empty (default): equal weight, 1 / maxOpenPositions each",
    default: [],
    maxWeights: 1000,
  },
  allowShort: { kind: 'bool', label: 'Allow shorts', description: 'Short signals open SHORT positions (default true)', default: true },
  oppositeSignal: {
    kind: 'enum',
    label: 'On an opposite signal',
    description:
      'What a signal against the open position does (default REVERSE: stop and reverse, so a strategy that signals both ways trades both sides)',
    values: OPPOSITE_SIGNAL_ACTIONS,
    valueLabels: {
      REVERSE: 'Reverse: close and open the other side',
      CLOSE: 'Close only, then wait for the next signal',
      IGNORE: 'Ignore: keep the position',
    },
    valueDescriptions: {
      REVERSE:
        'Stop and reverse: close the position and open the opposite one at the same fill (flagged REVERSAL); with allowShort false a SHORT signal only closes a LONG',
      CLOSE: 'Close the position at the next open (exit reason SIGNAL) and stay flat until the next signal',
      IGNORE: 'Keep the position; only its stop, target, trailing stop, an EXIT signal or the risk stop closes it',
    },
    default: 'REVERSE',
  },
  trailingStopPct: {
    kind: 'float',
    label: 'Trailing stop',
    unit: '%',
    description: 'Trailing stop distance, percent of the best price since entry (null = off)',
    nullable: true,
    default: null,
    min: 0,
    minExclusive: true,
    max: 100,
    maxExclusive: true,
  },
  scaleOutTargets: {
    kind: 'targets',
    label: 'Partial targets',
    unit: 'R, fraction of position',
    description:
      "Scaling out: partial take-profits, each a level in multiples of R (the distance from the entry price to the position's stop at entry; needs a stop) and the fraction of the quantity entered it closes; levels increasing, fractions in (0, 1] summing to at most 1 (default none)",
    default: [],
    maxTargets: 10,
    levelMax: 100,
  },
  breakEvenAfterFirstTarget: {
    kind: 'bool',
    label: 'Stop to break-even after the first target',
    description: "Once the first partial target fills, the stop moves to the position's average entry price (fees not included), from the next candle on (default false)",
    default: false,
  },
  pyramidingMaxAdds: {
    kind: 'int',
    label: 'Pyramiding: most adds',
    description:
      'A repeated entry signal in the held direction adds to the position (a market fill at the next open, sized like an entry) up to this many times; the entry price becomes the average and the stop, targets and liquidation price follow it (default 0 = no pyramiding)',
    default: 0,
    min: 0,
    max: 100,
  },
  maxDrawdownStopPct: {
    kind: 'float',
    label: 'Max drawdown stop',
    unit: '%',
    description: 'Close everything and stop the run once drawdown from the equity peak exceeds this percent (null = off)',
    nullable: true,
    default: null,
    min: 0,
    minExclusive: true,
    max: 100,
  },
  detailTimeframe: {
    kind: 'enum',
    label: 'Intrabar detail',
    description:
      'Resolve stops, targets, trailing stops and limit/stop entries in time order on these finer stored candles (default OFF: a bar touching both stop and target fills the stop and is counted as ambiguous)',
    values: DETAIL_TIMEFRAMES,
    valueLabels: { OFF: 'Off', M1: '1 minute', M3: '3 minutes', M5: '5 minutes', M15: '15 minutes', M30: '30 minutes', H1: '1 hour' },
    valueDescriptions: {
      OFF: 'Only the bar itself: both levels inside one bar → the stop (counted as ambiguous)',
      M1: 'Stored 1m candles inside each bar',
      M3: 'Stored 3m candles inside each bar',
      M5: 'Stored 5m candles inside each bar',
      M15: 'Stored 15m candles inside each bar',
      M30: 'Stored 30m candles inside each bar',
      H1: 'Stored 1h candles inside each bar',
    },
    default: 'OFF',
  },
  entryOrderType: {
    kind: 'enum',
    label: 'Entry order',
    description: 'How an entry signal is placed (default MARKET: at the next open)',
    values: ENTRY_ORDER_TYPES,
    valueLabels: { MARKET: 'Market at the next open', LIMIT: 'Limit', STOP: 'Stop', STOP_LIMIT: 'Stop-limit' },
    valueDescriptions: {
      MARKET: 'Fills at the next open (slippage applies)',
      LIMIT: 'Buys below / sells above the signal close by entryOffset; fills only when price trades through it, at the level or a better open',
      STOP: 'Buys above / sells below the signal close by entryOffset; fills when price reaches it, at the level or a worse open (slippage applies)',
      STOP_LIMIT: 'A stop that, once triggered, becomes a limit stopLimitOffsetPct beyond the trigger',
    },
    default: 'MARKET',
  },
  entryOffsetMode: {
    kind: 'enum',
    label: 'Entry offset in',
    description: 'What entryOffset counts in (default PERCENT of the signal close)',
    values: ENTRY_OFFSET_MODES,
    valueLabels: { PERCENT: '% of the signal close', ATR: `× ATR(${ENTRY_OFFSET_ATR_PERIOD})` },
    valueDescriptions: {
      PERCENT: 'entryOffset is a percent of the signal bar close',
      ATR: `entryOffset is a multiple of the ATR(${ENTRY_OFFSET_ATR_PERIOD}) at the signal bar`,
    },
    default: 'PERCENT',
  },
  entryOffset: {
    kind: 'float',
    label: 'Entry offset',
    unit: '% or × ATR',
    description: 'Distance of a limit or stop entry from the signal close (default 0); its unit follows entryOffsetMode',
    default: 0,
    min: 0,
    max: 100,
  },
  stopLimitOffsetPct: {
    kind: 'float',
    label: 'Stop-limit offset',
    unit: '%',
    description: 'STOP_LIMIT only: the limit lies this percent beyond the trigger (default 0.1)',
    default: 0.1,
    min: 0,
    max: 50,
  },
  orderValidBars: {
    kind: 'int',
    label: 'Order good for',
    unit: 'bars',
    description: 'A limit or stop entry not filled within this many bars after its signal is cancelled (default 1)',
    default: 1,
    min: 1,
    max: 10_000,
  },
  marketType: {
    kind: 'enum',
    label: 'Market',
    description: 'SPOT (default) or USDⓈ-M perpetual FUTURES: isolated margin, leverage, funding and liquidation',
    values: MARKET_TYPES,
    valueLabels: { SPOT: 'Spot', FUTURES: 'Perpetual futures (USDⓈ-M)' },
    valueDescriptions: {
      SPOT: 'A LONG holds the asset; a SHORT holds 1× collateral; a short that would lose its collateral is liquidated',
      FUTURES: 'Isolated margin of notional / leverage per position, funding every 8 h from stored rates, liquidation by Binance brackets',
    },
    default: 'SPOT',
  },
  leverage: {
    kind: 'int',
    label: 'Leverage',
    unit: '×',
    description: 'FUTURES: notional per unit of margin, 1–125 (default 1); SPOT runs take 1 only',
    default: 1,
    min: 1,
    max: 125,
  },
  makerFeeRate: {
    kind: 'float',
    label: 'Maker fee',
    unit: 'fraction of notional',
    description: 'Fee of limit fills (limit entries, take-profits); null = feeRate',
    nullable: true,
    default: null,
    min: 0,
    max: 0.1,
    maxExclusive: true,
  },
  takerFeeRate: {
    kind: 'float',
    label: 'Taker fee',
    unit: 'fraction of notional',
    description: 'Fee of market and stop fills (and liquidations); null = feeRate',
    nullable: true,
    default: null,
    min: 0,
    max: 0.1,
    maxExclusive: true,
  },
} as const satisfies Record<string, SettingSpec>;

export type RunSettingName = keyof typeof RUN_SETTINGS;
export const RUN_SETTING_NAMES = Object.keys(RUN_SETTINGS) as RunSettingName[];

type ValueOf<S> = S extends { kind: 'bool' }
  ? boolean
  : S extends { kind: 'targets' }
    ? readonly ScaleOutTarget[]
  : S extends { kind: 'weights' }
    ? readonly TargetWeight[]
  : S extends { kind: 'enum'; values: readonly (infer V)[] }
    ? V
    : S extends { nullable: true }
      ? number | null
      : number;

/** Every setting with its value: what a run or a sweep stores and the engine runs with. */
export type RunSettings = { -readonly [K in RunSettingName]: ValueOf<(typeof RUN_SETTINGS)[K]> };

/** Settings as a request gives them: any may be absent (→ default); required ones are checked by resolveRunSettings. */
export type RunSettingsInput = { readonly [K in RunSettingName]?: ValueOf<(typeof RUN_SETTINGS)[K]> | null };

export interface SettingIssue {
  readonly field: string;
  readonly message: string;
}

const describeInterval = (s: NumberSetting) => `${s.minExclusive ? '(' : '['}${s.min}, ${s.max}${s.maxExclusive ? ')' : ']'}`;

/**
 * Sums of fractions are compared with this slack: 0.1 + 0.2 + 0.7 is 1.0000000000000002 in floats, and a
 * trader who typed fractions adding up to 1 meant all of it (the simulator closes the rest at the last target).
 */
const FRACTION_SUM_SLACK = 1e-9;

/**
 * A partial-target list against its definition, one issue per problem, each naming the entry it is about
 * (scaleOutTargets[1].fraction): the API's errors and the web form's checks both come from here.
 */
export function scaleOutTargetsIssues(name: string, value: unknown, spec: Pick<TargetListSetting, 'maxTargets' | 'levelMax'>): SettingIssue[] {
  if (!Array.isArray(value)) return [{ field: name, message: `${name} must be a list of { levelR, fraction }, got ${JSON.stringify(value)}` }];
  if (value.length > spec.maxTargets) return [{ field: name, message: `${name} holds at most ${spec.maxTargets} targets, got ${value.length}` }];
  const issues: SettingIssue[] = [];
  let fractionSum = 0;
  value.forEach((target: unknown, index) => {
    const at = `${name}[${index}]`;
    const { levelR, fraction } = (target ?? {}) as Partial<ScaleOutTarget>;
    if (typeof levelR !== 'number' || !Number.isFinite(levelR) || levelR <= 0 || levelR > spec.levelMax) {
      issues.push({ field: `${at}.levelR`, message: `${at}.levelR must be a number in (0, ${spec.levelMax}] (R), got ${JSON.stringify(levelR)}` });
    } else if (index > 0) {
      const previous = (value[index - 1] as Partial<ScaleOutTarget> | null)?.levelR;
      if (typeof previous === 'number' && !(levelR > previous)) {
        issues.push({ field: `${at}.levelR`, message: `${at}.levelR must lie beyond the target before it, got ${levelR} after ${previous}` });
      }
    }
    if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
      issues.push({ field: `${at}.fraction`, message: `${at}.fraction must be a number in (0, 1], got ${JSON.stringify(fraction)}` });
    } else fractionSum += fraction;
  });
  if (issues.length === 0 && fractionSum > 1 + FRACTION_SUM_SLACK) {
    issues.push({ field: name, message: `the partial targets close at most all of the position together: the fractions sum to ${fractionSum}, above 1` });
  }
  return issues;
}

/**
 * A target-weight list against its definition, one issue per problem naming its entry
 * (rebalanceWeights[2].weight). Whether the symbols are the run's is checked where the symbols are known
 * (targetWeightSymbolIssues).
 */
export function targetWeightsIssues(name: string, value: unknown, spec: Pick<WeightListSetting, 'maxWeights'>): SettingIssue[] {
  if (!Array.isArray(value)) return [{ field: name, message: `${name} must be a list of { symbol, weight }, got ${JSON.stringify(value)}` }];
  if (value.length > spec.maxWeights) return [{ field: name, message: `${name} holds at most ${spec.maxWeights} weights, got ${value.length}` }];
  const issues: SettingIssue[] = [];
  const seen = new Set<string>();
  let weightSum = 0;
  value.forEach((entry: unknown, index) => {
    const at = `${name}[${index}]`;
    const { symbol, weight } = (entry ?? {}) as Partial<TargetWeight>;
    if (typeof symbol !== 'string' || symbol.trim() === '') {
      issues.push({ field: `${at}.symbol`, message: `${at}.symbol must name a symbol, got ${JSON.stringify(symbol)}` });
    } else if (seen.has(symbol)) {
      issues.push({ field: `${at}.symbol`, message: `${at}.symbol ${symbol} is listed twice` });
    } else seen.add(symbol);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1) {
      issues.push({ field: `${at}.weight`, message: `${at}.weight must be a number in [0, 1], got ${JSON.stringify(weight)}` });
    } else weightSum += weight;
  });
  if (issues.length === 0 && weightSum > 1 + FRACTION_SUM_SLACK) {
    issues.push({ field: name, message: `${name} must sum to at most 1 (the rest stays cash), got ${Number(weightSum.toPrecision(12))}` });
  }
  return issues;
}

/** Target weights naming a symbol the run does not trade, each naming its entry (rebalanceWeights[2].symbol). */
export function targetWeightSymbolIssues(weights: readonly TargetWeight[], symbols: readonly string[]): SettingIssue[] {
  const traded = new Set(symbols);
  return weights.flatMap(({ symbol }, index) =>
    traded.has(symbol) ? [] : [{ field: `rebalanceWeights[${index}].symbol`, message: `rebalanceWeights[${index}].symbol ${symbol} is not among the run's symbols (${symbols.join(', ')})` }],
  );
}

/**
 * Settings carried to other symbols (a recommendation comparing or proposing another market): target weights
 * follow the symbols by position, the i-th symbol's weight going to the i-th new one; with another count of
 * symbols only the weights of symbols still traded stay.
 */
export function settingsOnSymbols(settings: RunSettings, from: readonly string[], to: readonly string[]): RunSettings {
  if (settings.rebalanceWeights.length === 0) return settings;
  const renamed = from.length === to.length ? new Map(from.map((symbol, index) => [symbol, to[index]])) : null;
  const rebalanceWeights = settings.rebalanceWeights.flatMap(({ symbol, weight }) => {
    const moved = renamed ? renamed.get(symbol) : to.includes(symbol) ? symbol : undefined;
    return moved === undefined ? [] : [{ symbol: moved, weight }];
  });
  return { ...settings, rebalanceWeights };
}

/** Whether a run rebalances at all: a calendar schedule, or BARS with a bar count. */
export const rebalances = (s: Pick<RunSettings, 'rebalanceSchedule' | 'rebalanceEveryBars'>): boolean => s.rebalanceSchedule !== 'BARS' || s.rebalanceEveryBars !== null;

/** One setting's value against its definition; null when valid. */
export function checkSetting(name: RunSettingName, value: unknown): string | null {
  const spec: SettingSpec = RUN_SETTINGS[name];
  if (spec.kind === 'bool') return typeof value === 'boolean' ? null : `${name} must be true or false, got ${JSON.stringify(value)}`;
  if (spec.kind === 'enum') return spec.values.includes(value as string) ? null : `${name} must be one of ${spec.values.join(', ')}, got ${JSON.stringify(value)}`;
  if (spec.kind === 'targets') return scaleOutTargetsIssues(name, value, spec)[0]?.message ?? null;
  if (spec.kind === 'weights') return targetWeightsIssues(name, value, spec)[0]?.message ?? null;
  if (value === null && spec.nullable) return null;
  const expected = `${name} must be ${spec.nullable ? 'null (off) or ' : ''}${spec.kind === 'int' ? 'an integer' : 'a number'} in ${describeInterval(spec)}`;
  if (typeof value !== 'number' || !Number.isFinite(value) || (spec.kind === 'int' && !Number.isInteger(value))) return `${expected}, got ${JSON.stringify(value)}`;
  const belowMin = spec.minExclusive ? value <= spec.min : value < spec.min;
  const aboveMax = spec.maxExclusive ? value >= spec.max : value > spec.max;
  if (belowMin || aboveMax) return `${expected}, got ${value}`;
  if (spec.smallestNonZero !== undefined && value > 0 && value < spec.smallestNonZero) {
    return `${name} must be 0 or at least ${spec.smallestNonZero}, got ${value}`;
  }
  return null;
}

/** One setting's value against its definition, each problem naming its field (a list's entries by index). */
function settingIssues(name: RunSettingName, value: unknown): SettingIssue[] {
  const spec: SettingSpec = RUN_SETTINGS[name];
  if (spec.kind === 'targets') return scaleOutTargetsIssues(name, value, spec);
  if (spec.kind === 'weights') return targetWeightsIssues(name, value, spec);
  const problem = checkSetting(name, value);
  return problem === null ? [] : [{ field: name, message: problem }];
}

/** Rules that tie settings together; each names the setting a form should mark. */
function crossSettingIssues(s: RunSettings): SettingIssue[] {
  const issues: SettingIssue[] = [];
  if ((s.sizingMode === 'PERCENT_EQUITY' || s.sizingMode === 'RISK_PERCENT') && s.positionSize > MAX_SIZING_PERCENT) {
    issues.push({ field: 'positionSize', message: `positionSize is a percent for ${s.sizingMode} and must be <= ${MAX_SIZING_PERCENT}, got ${s.positionSize}` });
  }
  if (s.breakEvenAfterFirstTarget && s.scaleOutTargets.length === 0) {
    issues.push({ field: 'breakEvenAfterFirstTarget', message: 'breakEvenAfterFirstTarget needs a partial target (scaleOutTargets)' });
  }
  if (s.rebalanceSchedule !== 'BARS' && s.rebalanceEveryBars !== null) {
    issues.push({ field: 'rebalanceEveryBars', message: `rebalanceEveryBars is for rebalanceSchedule BARS; a ${s.rebalanceSchedule} schedule takes none, got ${s.rebalanceEveryBars}` });
  }
  if (rebalances(s) && s.marketType !== 'SPOT') {
    issues.push({ field: s.rebalanceEveryBars !== null ? 'rebalanceEveryBars' : 'rebalanceSchedule', message: `rebalancing is for spot runs, got marketType ${s.marketType}` });
  }
  if (s.rebalanceWeights.length > 0 && !rebalances(s)) {
    issues.push({ field: 'rebalanceWeights', message: 'rebalanceWeights need a rebalancing schedule (rebalanceEveryBars, or a DAILY, WEEKLY or MONTHLY rebalanceSchedule)' });
  }
  if (s.marketType === 'SPOT' && s.leverage !== 1) {
    issues.push({ field: 'leverage', message: `leverage above 1 needs marketType FUTURES, got ${s.leverage} on SPOT` });
  }
  return issues;
}

/**
 * Fills defaults for absent settings and checks every value; absent (undefined) and explicit null
 * differ: null is only accepted where it means "off".
 */
export function resolveRunSettings(input: RunSettingsInput): { settings: RunSettings } | { issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  const settings: Record<string, unknown> = {};
  for (const name of RUN_SETTING_NAMES) {
    const spec: SettingSpec = RUN_SETTINGS[name];
    let value: unknown = input[name];
    if (value === undefined) {
      if (spec.default === undefined) {
        issues.push({ field: name, message: `${name} is required` });
        continue;
      }
      value = spec.default;
    }
    const problems = settingIssues(name, value);
    if (problems.length > 0) issues.push(...problems);
    else settings[name] = value;
  }
  if (issues.length > 0) return { issues };
  const resolved = settings as RunSettings;
  const cross = crossSettingIssues(resolved);
  return cross.length > 0 ? { issues: cross } : { settings: resolved };
}

/** Checks complete settings (what validateBacktestConfig does for the account part). */
export function runSettingsIssues(settings: RunSettings): SettingIssue[] {
  const issues: SettingIssue[] = [];
  for (const name of RUN_SETTING_NAMES) issues.push(...settingIssues(name, settings[name]));
  return [...issues, ...crossSettingIssues(settings)];
}

/** Every default; initialCapital has none and must be supplied. */
export const DEFAULT_RUN_SETTINGS = Object.fromEntries(
  RUN_SETTING_NAMES.flatMap((name) => {
    const spec: SettingSpec = RUN_SETTINGS[name];
    return spec.default === undefined ? [] : [[name, spec.default]];
  }),
) as Omit<RunSettings, 'initialCapital'>;
