import type { SettingSpec } from '../engine/index.ts';
import { GAP_POLICIES } from './backtest-run.entity.ts';

/**
 * The data options of a run or a sweep: which candles it runs on, not how it trades them (that is
 * the engine's run settings). Defined like the run settings, so the GraphQL inputs, the defaults
 * and the form's labels come from one place.
 */
export const DATA_OPTIONS = {
  gapPolicy: {
    kind: 'enum',
    label: 'Missing candles',
    description: 'What to do about missing candles (default FAIL)',
    values: GAP_POLICIES,
    valueLabels: {
      FAIL: 'Fail (list the gaps)',
      SKIP: 'Skip (trade through)',
      FILL: 'Fill (flat candles)',
    },
    valueDescriptions: {
      FAIL: 'Refuse to run when the range has missing candles; the error lists the gaps',
      SKIP: 'Trade straight through gaps (indicators see consecutive bars); gaps are recorded',
      FILL: 'Insert flat candles at the previous close with zero volume; filled bars are counted',
    },
    default: 'FAIL',
  },
  fetchMissingData: {
    kind: 'bool',
    label: 'Download missing candles',
    description: "Download candles missing from the store from the symbol's exchange before running: Binance for plain symbols, the named exchange for EXCHANGE:BASE/QUOTE (default true; synthetic symbols never are)",
    default: true,
  },
  warmupHistory: {
    kind: 'bool',
    label: 'Warm-up history',
    description:
      'Load the candles the strategies need before startDate so their indicators are warm at the start (default true; nothing trades before startDate). ' +
      'false warms them up inside the range, as tools without warm-up history do',
    default: true,
  },
} as const satisfies Record<string, SettingSpec>;

export type DataOptionName = keyof typeof DATA_OPTIONS;
