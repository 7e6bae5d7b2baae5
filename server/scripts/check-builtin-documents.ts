/**
 * By hand (tests may not read shared data): each built-in and its document trade identically on real
 * Binance markets. `npx tsx server/scripts/check-builtin-documents.ts <candles.json>...` where each file is
 * a JSON array of [openTimeMs, open, high, low, close, volume] 5m rows.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { candleSeries, listStrategies, type StrategyParams } from '../engine/index.ts';
import { compareBuiltinAndDocument } from '../harness/builtin-equality.ts';

let failures = 0;
for (const file of process.argv.slice(2)) {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as number[][];
  const symbol = basename(file).replace(/-5m\.json$/, '');
  const series = candleSeries(symbol, 300_000, {
    openTime: rows.map((r) => r[0]), open: rows.map((r) => r[1]), high: rows.map((r) => r[2]), low: rows.map((r) => r[3]), close: rows.map((r) => r[4]), volume: rows.map((r) => r[5]),
  });
  for (const { name } of listStrategies()) {
    for (const params of [{}, { stopLossPct: 2, riskReward: 2 }] as StrategyParams[]) {
      const usable = name === 'confluence' ? {} : params;
      const { builtin, document } = compareBuiltinAndDocument(new Map([[symbol, series]]), symbol, name, usable);
      const same = JSON.stringify(builtin) === JSON.stringify(document);
      if (!same) failures++;
      console.log(`${symbol} ${rows.length} bars  ${name.padEnd(18)} ${JSON.stringify(usable).padEnd(34)} built-in ${String(builtin.length).padStart(5)} trades, document ${String(document.length).padStart(5)}: ${same ? 'IDENTICAL' : 'DIFFERENT'}`);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
