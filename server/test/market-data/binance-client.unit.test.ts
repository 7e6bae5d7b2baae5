import { afterEach, describe, expect, it, vi } from 'vitest';
import { BinanceApiError, BinanceBannedError, BinanceClient, UnknownSymbolError } from '../../market-data/binance-client.ts';
import { FakeBinance, startFakeBinance } from '../fixtures/fake-binance/fake-binance.ts';

const NOW = Date.UTC(2024, 6, 1, 12, 2, 30);
const fakes: FakeBinance[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(options: ConstructorParameters<typeof FakeBinance>[0] = {}, clientOptions: Partial<ConstructorParameters<typeof BinanceClient>[0]> = {}) {
  const fake = await startFakeBinance({ now: () => NOW, ...options });
  fakes.push(fake);
  const sleeps: number[] = [];
  const client = new BinanceClient({
    baseUrl: fake.url,
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...clientOptions,
  });
  return { fake, client, sleeps };
}

async function collect(client: BinanceClient, from: number, to: number, symbol = 'BTCUSDT') {
  let n = 0;
  const times: number[] = [];
  for await (const page of client.pages(symbol, '5m', from, to)) {
    n += page.openTime.length;
    times.push(...page.openTime);
  }
  return { n, times };
}

describe('Binance client against the fake exchange', () => {
  it('pages a range with startTime and limit=1000, using the configured base URL', async () => {
    const { fake, client } = await setup();
    const from = Date.UTC(2024, 2, 1);
    const to = Date.UTC(2024, 2, 8); // 7 days = 2016 bars
    const { n, times } = await collect(client, from, to);
    expect(n).toBe(2016);
    expect(times[0]).toBe(from);
    expect(new Set(times).size).toBe(2016);
    const kl = fake.klineRequests();
    expect(kl).toHaveLength(3);
    expect(kl.map((r) => r.params.limit)).toEqual(['1000', '1000', '1000']);
    expect(kl.map((r) => Number(r.params.startTime))).toEqual([from, from + 1000 * 300_000, from + 2000 * 300_000]);
  });

  it('keeps paging through short pages and stops on an empty page past the end', async () => {
    const { fake, client } = await setup({ pageCap: 300 });
    const from = Date.UTC(2024, 5, 30, 12);
    const { n } = await collect(client, from, Date.UTC(2024, 7, 1));
    // Closed bars from 30 June 12:00 to the bar before the open one at 1 July 12:00.
    expect(n).toBe(288);
    const kl = fake.klineRequests();
    expect(kl.length).toBe(2);
    expect(kl[1].candles).toBe(1); // only the still-open bar, which the client drops
  });

  it('answers an empty page past the end, and pages weeks (Monday-aligned) and calendar months', async () => {
    const { fake, client } = await setup();
    const past = await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: NOW + 86_400_000 });
    expect(past.openTime).toHaveLength(0);
    expect(fake.klineRequests()[0].candles).toBe(0);
    const weeks: number[] = [];
    for await (const page of client.pages('BTCUSDT', '1w', 0, NOW)) weeks.push(...page.openTime);
    expect(weeks.every((t) => new Date(t).getUTCDay() === 1 && t % 86_400_000 === 0)).toBe(true);
    expect(weeks[0]).toBe(Date.UTC(2023, 10, 27));
    const months: number[] = [];
    for await (const page of client.pages('BTCUSDT', '1M', 0, NOW)) months.push(...page.openTime);
    // Dec 2023 … Jun 2024 are closed; July 2024 is still open.
    expect(months).toEqual([11, 12, 13, 14, 15, 16, 17].map((m) => Date.UTC(2023, m, 1)));
  });

  it('drops the still-open candle (closeTime ≥ now)', async () => {
    const { client } = await setup();
    const page = await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: NOW - 3_600_000 });
    expect(page.openTime[page.openTime.length - 1]).toBe(Date.UTC(2024, 6, 1, 11, 55));
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    const { fake, client, sleeps } = await setup();
    fake.fail({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: Date.UTC(2024, 0, 1) });
    expect(sleeps).toEqual([7000]);
    expect(fake.klineRequests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('honours a real 1 s Retry-After with the real timer', async () => {
    const { fake, client } = await setup({}, { sleep: undefined });
    fake.fail({ kind: 'status', status: 429, retryAfterSeconds: 1 });
    // What the client asks the timer for, not the clock (the suite shares the machine with anything).
    const timer = vi.spyOn(globalThis, 'setTimeout');
    try {
      await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: Date.UTC(2024, 0, 1) });
      expect(timer.mock.calls.map((call) => call[1])).toContain(1000);
    } finally {
      timer.mockRestore();
    }
    expect(fake.klineRequests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('stops on 418 with the ban time and refuses further requests', async () => {
    const bannedUntil = NOW + 300_000;
    const { fake, client } = await setup();
    fake.fail({ kind: 'status', status: 418, retryAfterSeconds: 300, bannedUntil });
    const error = await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinanceBannedError);
    expect((error as BinanceBannedError).bannedUntil).toBe(bannedUntil);
    expect((error as Error).message).toContain(new Date(bannedUntil).toISOString());
    await expect(client.ping()).rejects.toBeInstanceOf(BinanceBannedError);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries 5xx and connection resets with exponential backoff and jitter', async () => {
    const { fake, client, sleeps } = await setup({}, { random: () => 0.25, backoffBaseMs: 100 });
    fake.fail({ kind: 'status', status: 503 }, { kind: 'reset' }, { kind: 'status', status: 500 });
    const page = await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: Date.UTC(2024, 0, 1), limit: 10 });
    expect(page.openTime).toHaveLength(10);
    // ceiling 100, 200, 400 → half fixed + 0.25 × half
    expect(sleeps).toEqual([63, 125, 250]);
    const jittered = new BinanceClient({ baseUrl: fake.url, random: () => 0.9, backoffBaseMs: 100 });
    expect(jittered.backoffDelay(2)).toBe(380);
    expect(jittered.backoffDelay(20)).toBeLessThanOrEqual(30_000);
  });

  it('gives up after the retry limit with a clear error', async () => {
    const { fake, client } = await setup({}, { maxRetries: 1 });
    fake.fail({ kind: 'status', status: 502 }, { kind: 'status', status: 502 });
    await expect(client.ping()).rejects.toThrow(/502/);
  });

  it('slows down before the weight limit using the used-weight header', async () => {
    const { fake, client, sleeps } = await setup({}, { weightLimit: 1000 });
    fake.usedWeight = 795;
    await client.ping(); // header now says 796
    expect(sleeps).toEqual([]);
    await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: 0, limit: 1 }); // 796 + 2 ≤ 800
    expect(sleeps).toEqual([]);
    await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: 0, limit: 1 }); // 798 + 2 ≤ 800
    await client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: 0, limit: 1 }); // 800 + 2 > 800 → wait
    expect(sleeps).toEqual([60_000 - (NOW % 60_000) + 250]);
  });

  it('finds the earliest candle and validates symbols against cached exchange info', async () => {
    const listedAt = Date.UTC(2023, 11, 1, 4);
    const { fake, client } = await setup({ symbols: [{ symbol: 'BTCUSDT', listedAt }] });
    expect(await client.earliestOpenTime('BTCUSDT', '5m')).toBe(listedAt);
    expect(await client.earliestOpenTime('BTCUSDT', '1d')).toBe(Date.UTC(2023, 11, 1));
    expect(fake.klineRequests()[0].params.startTime).toBe('0');
    expect((await client.validateSymbol('BTCUSDT')).quoteAsset).toBe('USDT');
    const err = await client.validateSymbol('NOPEUSDT').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownSymbolError);
    expect((err as UnknownSymbolError).code).toBe('UNKNOWN_SYMBOL');
    expect(fake.requests.filter((r) => r.path.endsWith('/exchangeInfo'))).toHaveLength(1);
    // The exchange's own "Invalid symbol" answer maps to the same error.
    await expect(client.klines({ symbol: 'NOPEUSDT', interval: '5m' })).rejects.toBeInstanceOf(UnknownSymbolError);
    await expect(client.get('/nowhere', {}, 1)).rejects.toBeInstanceOf(BinanceApiError);
  });

  it('caps concurrency across parallel symbol fetches', async () => {
    const { fake, client } = await setup({ latencyMs: 15 }, { maxConcurrency: 2 });
    const from = Date.UTC(2024, 2, 1);
    await Promise.all(['BTCUSDT', 'ETHUSDT', 'BTCUSDT', 'ETHUSDT'].map((s) => collect(client, from, from + 2500 * 300_000, s)));
    expect(fake.klineRequests()).toHaveLength(12);
    expect(fake.maxInFlight).toBe(2);
  });

  it('cancels through an AbortSignal, also while waiting out a Retry-After', async () => {
    const { fake, client } = await setup({}, { sleep: undefined });
    fake.fail({ kind: 'status', status: 429, retryAfterSeconds: 30 });
    const controller = new AbortController();
    const pending = client.klines({ symbol: 'BTCUSDT', interval: '5m', startTime: 0 }, controller.signal);
    await fake.waitForRequests(1);
    controller.abort(new Error('cancelled by user'));
    await expect(pending).rejects.toThrow('cancelled by user');
  });

  it('speaks the futures API path when asked', async () => {
    const { fake } = await setup();
    const futures = new BinanceClient({ baseUrl: fake.url, market: 'futures', now: () => NOW });
    await futures.klines({ symbol: 'BTCUSDT', interval: '1h', startTime: Date.UTC(2024, 0, 1), limit: 5 });
    expect(fake.requests[0].path).toBe('/fapi/v1/klines');
  });
});
