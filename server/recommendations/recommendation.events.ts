/** The live topics of recommendations. */
declare module '../graphql/pubsub.ts' {
  interface Topics {
    /** Every new recommendation, whatever produced it. */
    recommendationCreated: [event: { recommendationId: string; sweepId: string | null }];
    /** Every recommendation a completed sweep yields has been drawn (what ends recommendationCreated(sweepId)). */
    recommendationsDrawn: [event: { sweepId: string }];
    /** A recommendation's status or realised result changed. */
    recommendationUpdated: [event: { recommendationId: string }];
  }
}

export {};
