import type { JSX } from 'solid-js';
import { formatInt, formatNumber, formatPercent } from '../../lib/format.ts';
import type { RecommendationDetail } from './data.ts';

/**
 * The confidence taken apart, as the server computes it: the predicted probability that the realised
 * improvement is positive = ½ + slope × evidence × (probability − ½).
 */
export function ConfidenceView(props: { confidence: RecommendationDetail['confidence'] }): JSX.Element {
  const c = () => props.confidence;
  const known = (x: number | null | undefined) => (x == null ? 'not known (counts ½)' : formatNumber(x));
  return (
    <div data-testid="confidence-breakdown">
      <div class="table-wrap">
        <table class="data-table compact">
          <thead><tr><th>Piece of evidence</th><th class="num">Value</th><th>What it says</th></tr></thead>
          <tbody>
            <tr data-testid="confidence-term" data-term="probability" data-value={c().probability}>
              <th scope="row">Probability from the validation data</th><td class="num">{formatPercent(c().probability * 100)}</td>
              <td class="small meaning">1 − p of the paired bootstrap of daily returns over the validation days: how likely the recommended settings do better, from those days alone.</td>
            </tr>
            <tr data-testid="confidence-term" data-term="deflatedSharpeRatio" data-value={c().deflatedSharpeRatio ?? ''}>
              <th scope="row">Deflated Sharpe Ratio</th><td class="num">{known(c().deflatedSharpeRatio)}</td>
              <td class="small meaning">Probability that the best in-sample Sharpe ratio is more than the luck of trying that many parameter sets.</td>
            </tr>
            <tr data-testid="confidence-term" data-term="probabilityOfOverfitting" data-value={c().probabilityOfOverfitting ?? ''}>
              <th scope="row">Probability of Backtest Overfitting</th><td class="num">{known(c().probabilityOfOverfitting)}</td>
              <td class="small meaning">How often the search's in-sample choice lands in the bottom half out of sample (CSCV).</td>
            </tr>
            <tr class="changed" data-testid="confidence-term" data-term="evidence" data-value={c().evidence}>
              <th scope="row">Evidence</th><td class="num">{formatNumber(c().evidence)}</td>
              <td class="small meaning">Mean of the Deflated Sharpe Ratio and 1 − PBO: how far the sweep's choice deserves belief at all.</td>
            </tr>
            <tr data-testid="confidence-term" data-term="calibrationSlope" data-value={c().calibrationSlope}>
              <th scope="row">Track record</th><td class="num">× {formatNumber(c().calibrationSlope)}</td>
              <td class="small meaning">From {formatInt(c().calibrationMeasured)} measured recommendation(s) of this type: 1 trusts the evidence as it stands, 0 says ½ whatever it is.</td>
            </tr>
            <tr class="changed">
              <th scope="row">Confidence</th><td class="num" data-testid="confidence-total">{formatPercent(c().score * 100)}</td>
              <td class="small meaning">½ + track record × evidence × (probability − ½): the predicted probability that applying it improves on the current settings.</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
