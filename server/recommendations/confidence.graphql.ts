import { builder } from '../graphql/builder.ts';
import type { ConfidenceView } from './confidence.ts';

export const ConfidenceRef = builder.objectRef<ConfidenceView>('Confidence').implement({
  description:
    'The predicted probability that the realised improvement is positive: score = ½ + calibrationSlope × evidence × (probability − ½), within [0, 1] ' +
    '(README: Recommendations → Confidence)',
  fields: (t) => ({
    score: t.exposeFloat('score'),
    probability: t.exposeFloat('probability', { description: '1 − p of the paired test on the validation data: how likely the recommended settings do better, from those data alone' }),
    evidence: t.exposeFloat('evidence', { description: 'Mean of the Deflated Sharpe Ratio and 1 − PBO (½ for one not known): how far the sweep’s choice deserves belief' }),
    deflatedSharpeRatio: t.exposeFloat('deflatedSharpeRatio', { nullable: true }),
    probabilityOfOverfitting: t.exposeFloat('probabilityOfOverfitting', { nullable: true }),
    calibrationSlope: t.exposeFloat('calibrationSlope', { description: 'From the type’s track record: 1 trusts the evidence as it is, 0 says ½ whatever it is' }),
    calibrationMeasured: t.exposeInt('calibrationMeasured', { description: 'Measured recommendations of the type behind the slope' }),
  }),
});
