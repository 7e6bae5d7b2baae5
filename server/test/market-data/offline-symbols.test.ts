import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** A host that hangs up on every connection (a refused connection that can be counted). */
async function hangingUpServer() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


describe('symbol search without the exchange', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let hangingUp: Awaited<ReturnType<typeof hangingUpServer>>;
  let hanging: TestApp;
  let refused: TestApp;

  beforeAll(async () => {
    silent = await silentServer();
    hanging = await startTestApp({ worker: false, env: { BINANCE_BASE_URL: silent.url } });
    await seedSyntheticCandles(hanging.databaseUrl, { symbol: 'SYNTH-BTCUSDT', interval: '5m', count: 100 });
    hangingUp = await hangingUpServer();
    refused = await startTestApp({ databaseUrl: hanging.databaseUrl, worker: false, env: { BINANCE_BASE_URL: hangingUp.url } });
  });
  afterAll(async () => {
    await hanging?.stop();
    await refused?.stop();
    await silent?.close();
    await hangingUp?.close();
  });

  // The 1.5 s is the client's own timeout, shown by its message; the suite asserts answers, not the clock.
  it('answers from the store after its 1.5 s wait when Binance does not answer, and without waiting when it hangs up', async () => {
    // The silent host never answers, so an answer at all is the search giving up on it.
    const slow = await gqlData(hanging.gql, SEARCH, { q: 'btc' });
    expect(slow.symbols.symbols).toEqual([{ symbol: 'SYNTH-BTCUSDT', stored: true, synthetic: true }]);
    expect(slow.symbols.exchangeError).toMatch(/did not answer within 1\.5 s/);

    const down = await gqlData(refused.gql, SEARCH, { q: 'btc' });
    expect(down.symbols.symbols).toEqual([{ symbol: 'SYNTH-BTCUSDT', stored: true, synthetic: true }]);
    expect(down.symbols.exchangeError).toMatch(/unreachable/);
    const asked = hangingUp.connections();
    expect(asked).toBeGreaterThan(0);
    // The failure is remembered: the next searches do not ask again.
    const again = await gqlData(refused.gql, SEARCH, { q: 'eth' });
    expect(again.symbols).toMatchObject({ symbols: [], exchangeError: down.symbols.exchangeError });
    expect(hangingUp.connections()).toBe(asked);
  });
});
