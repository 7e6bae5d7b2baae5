import { For, Show, type JSX } from 'solid-js';
import { formatRange } from '../../lib/dates.ts';
import { formatDateTime, formatInt } from '../../lib/format.ts';
import { createSettingDefinitions, createStrategies } from '../../lib/form-data.ts';
import { SettingsFacts, settingText } from '../../ui/settings-facts.tsx';
import type { RunDetail } from './data.ts';
import { legsOf, ParamList } from './run-legs.tsx';

function describeDownload(download: { stored: number | null; skipped: string | null; error: string | null } | null): string {
  if (!download) return 'not needed (synthetic or stored)';
  if (download.error !== null) return `failed: ${download.error}`;
  if (download.skipped !== null) return download.skipped;
  return `${formatInt(download.stored)} candles downloaded`;
}

/** What the run used: market, range, strategy legs, every setting, and the data report. */
export function RunReport(props: { run: RunDetail }): JSX.Element {
  const definitions = createSettingDefinitions().definitions;
  const strategies = createStrategies();
  const legs = () => legsOf(props.run);
  const report = () => props.run.dataReport?.symbols ?? [];
  return (
    <div class="report-grid" data-testid="run-report">
      <section>
        <h3>Market and range</h3>
        <dl class="facts">
          <dt>Symbols</dt><dd>{props.run.symbols.join(', ')}</dd>
          <dt>Timeframe</dt><dd>{props.run.timeframe}</dd>
          <dt>Days (UTC)</dt><dd data-testid="run-range">{formatRange(props.run.startDate, props.run.endDate)}</dd>
          <dt>Initial capital</dt><dd>{formatInt(props.run.settings.initialCapital)}</dd>
          <dt>Missing candles</dt><dd>{settingText(definitions().find((d) => d.name === 'gapPolicy'), props.run.gapPolicy)}</dd>
          <dt>Download missing candles</dt><dd>{props.run.fetchMissingData ? 'yes' : 'no'}</dd>
          <dt>Warm-up history</dt><dd data-testid="run-warmup">{props.run.warmupHistory ? 'yes' : 'no'}</dd>
          <dt>Attempts</dt><dd>{props.run.attempts}</dd>
          <dt>Created</dt><dd>{formatDateTime(props.run.createdAt)}</dd>
          <dt>Completed</dt><dd>{formatDateTime(props.run.completedAt)}</dd>
        </dl>
      </section>
      <section>
        <h3>Strategy legs</h3>
        <ol class="legs">
          <For each={legs()}>
            {(leg) => (
              <li>
                <strong>{leg.strategyTitle}</strong> on {leg.symbols.join(', ')}
                <ParamList leg={leg} strategies={strategies.strategies()} />
              </li>
            )}
          </For>
        </ol>
      </section>
      <section>
        <h3>Settings</h3>
        <SettingsFacts settings={props.run.settings} omit={['initialCapital']} />
      </section>
      <section>
        <h3>Data report</h3>
        <Show when={report().length > 0} fallback={<p class="muted">Written when the run has loaded its candles.</p>}>
          <div class="table-wrap">
          <table class="data-table compact">
            <thead>
              <tr><th>Symbol</th><th class="num">Bars</th><th class="num">Gaps</th><th class="num">Missing</th><th class="num">Filled</th><th class="num" title="Bars loaded before the start to warm the indicators (what the strategies need, rounded up to a power of two, as far as the store has them), and the bars they need">Warm-up bars</th><th>Download</th></tr>
            </thead>
            <tbody>
              <For each={report()}>
                {(r) => (
                  <tr>
                    <td>{r.symbol}</td>
                    <td class="num">{formatInt(r.bars)}</td>
                    <td class="num">{formatInt(r.gaps)}</td>
                    <td class="num">{formatInt(r.missingBars)}</td>
                    <td class="num">{formatInt(r.filledBars)}</td>
                    <td class="num" data-testid="warmup-bars">{r.history ? `${formatInt(r.history.bars)} (needs ${formatInt(r.history.requestedBars)})` : '—'}</td>
                    <td class="small">{describeDownload(r.download)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          </div>
        </Show>
      </section>
    </div>
  );
}
