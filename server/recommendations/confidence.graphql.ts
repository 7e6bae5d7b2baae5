import { builder } from '../graphql/builder.ts';
import { EDGE_FACTOR, type ConfidenceView } from './confidence.ts';

const ConfidenceTermRef = builder.objectRef<ConfidenceView['terms'][number]>('ConfidenceTerm').implement({
  description: 'One term of the base: its value in [0, 1], its weight, and what it adds (value × weight)',
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    weight: t.exposeFloat('weight'),
    meaning: t.exposeString('meaning'),
    value: t.exposeFloat('value', { nullable: true }),
    contribution: t.exposeFloat('contribution', { nullable: true }),
  }),
});

export const ConfidenceRef = builder.objectRef<ConfidenceView>('Confidence').implement({
  description: `score = base × edgeFactor × calibrationMultiplier, within [0, 1]; base = Σ weight × value over the terms; edgeFactor = ${EDGE_FACTOR}^(parameters on the edge of their swept range)`,
  fields: (t) => ({
    score: t.exposeFloat('score'),
    terms: t.field({ type: [ConfidenceTermRef], resolve: (c) => c.terms }),
    base: t.exposeFloat('base', { nullable: true }),
    parametersOnEdge: t.exposeInt('parametersOnEdge'),
    edgeFactor: t.exposeFloat('edgeFactor', { nullable: true }),
    calibrationMultiplier: t.exposeFloat('calibrationMultiplier', { nullable: true, description: "min(1, 2 × hit rate) over the type's measured recommendations" }),
    calibrationScale: t.exposeFloat('calibrationScale', { nullable: true, description: 'Applied to the expected improvements' }),
    calibrationMeasured: t.exposeInt('calibrationMeasured', { nullable: true, description: 'Measured recommendations of the type behind the calibration' }),
  }),
});
