import { createStoredToken, revokeStoredToken } from '../access/access.service.ts';
import { percentile } from '../engine/index.ts';
import { collectSubscription, wsClient } from '../harness/graphql-client.ts';
import type { ReliabilityFigure } from './figure.ts';

const TRIALS = 20;
const LIMIT_MS = 1000;

/** Revoking a stored token ends its open WebSocket connections: how long from the revocation's commit to the 4401 close. */
export const revocationFigure: ReliabilityFigure = {
  name: 'Token revocation reaching open sockets',
  async run(context) {
    // Public bind: tokens are required, as where revocation matters.
    const app = await context.startApp(await context.createDatabase('revocation'), { env: { HOST: '0.0.0.0', CANDLELAB_API_TOKENS: 'keeper:read:keeper-0123456789abcdef' } });
    const url = app.graphqlUrl!.replace('0.0.0.0', '127.0.0.1');
    const latencies: number[] = [];
    const closes: string[] = [];
    try {
      for (let trial = 0; trial < TRIALS; trial++) {
        const em = app.services.orm.em.fork();
        const { token } = await createStoredToken(em, `revoked-${trial}`, 'READ');
        const socket = wsClient(url, token);
        const connected = new Promise((resolve) => socket.on('connected', resolve));
        const subscriber = collectSubscription(socket, 'subscription { backtestChanges { kind } }', {});
        await connected;
        const closed = subscriber.done.then(
          () => 'completed',
          (error: Error) => error.message.match(/socket closed \d+/)?.[0] ?? error.message,
        );
        const revokedAt = performance.now();
        await revokeStoredToken(em, `revoked-${trial}`);
        closes.push(await closed);
        latencies.push(performance.now() - revokedAt);
        await socket.dispose();
      }
    } finally {
      await app.stop();
    }
    latencies.sort((a, b) => a - b);
    const by4401 = closes.filter((close) => close === 'socket closed 4401').length;
    return {
      lines: [
        `${TRIALS} stored tokens, each with an open, silent graphql-ws subscription, revoked one by one (the revocation's NOTIFY commits with it)`,
        `sockets closed with 4401: ${by4401}/${TRIALS}; revocation → close p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (limit ${LIMIT_MS} ms)`,
      ],
      held: by4401 === TRIALS && latencies.at(-1)! <= LIMIT_MS,
    };
  },
};
