import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/cluster.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData } from '../../harness/graphql-client.ts';

const SEARCH = `query S($q: String!) { symbols(query: $q) { exchangeError symbols { symbol stored synthetic } } }`;

/** A host that accepts connections and never answers: what a dead proxy or a filtering firewall looks like. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('symbol search without the exchange', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let hanging: TestApp;
  let refused: TestApp;

  beforeAll(async () => {
    silent = await silentServer();
    hanging = await startTestApp({ worker: false, env: { BINANCE_BASE_URL: silent.url } });
    await seedSyntheticCandles(hanging.databaseUrl, { symbol: 'SYNTH-BTCUSDT', interval: '5m', count: 100 });
    refused = await startTestApp({ databaseUrl: hanging.databaseUrl, worker: false, env: { BINANCE_BASE_URL: `http://127.0.0.1:${await freePort()}` } });
  });
  afterAll(async () => {
    await hanging?.stop();
    await refused?.stop();
    await silent?.close();
  });

  it('answers from the store within 1.5 s when Binance does not answer, and at once when it refuses connections', async () => {
    const slow = await timed(() => gqlData(hanging.gql, SEARCH, { q: 'btc' }));
    expect(slow.result.symbols.symbols).toEqual([{ symbol: 'SYNTH-BTCUSDT', stored: true, synthetic: true }]);
    expect(slow.result.symbols.exchangeError).toMatch(/did not answer within 1\.5 s/);
    expect(slow.ms).toBeLessThan(5_000);

    const down = await timed(() => gqlData(refused.gql, SEARCH, { q: 'btc' }));
    expect(down.result.symbols.symbols).toEqual([{ symbol: 'SYNTH-BTCUSDT', stored: true, synthetic: true }]);
    expect(down.result.symbols.exchangeError).toMatch(/unreachable/);
    expect(down.ms).toBeLessThan(1_500);
    // The failure is remembered: the next searches do not ask again.
    const again = await timed(() => gqlData(refused.gql, SEARCH, { q: 'eth' }));
    expect(again.result.symbols).toMatchObject({ symbols: [], exchangeError: down.result.symbols.exchangeError });
    expect(again.ms).toBeLessThan(1_500);
  });
});
