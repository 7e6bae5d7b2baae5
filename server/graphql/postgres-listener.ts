import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logger.ts';

/**
 * One LISTEN connection that survives its own death: when the connection errors or ends (server
 * restart, network cut, pg_terminate_backend), it reconnects with capped exponential backoff and
 * LISTENs again, for as long as it is not closed. (pg-listen, the usual helper, gives up for good
 * when the LISTEN after a reconnect fails once.)
 */
export class PostgresListener {
  private client: pg.Client | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;
  private connectedWaiters: Array<() => void> = [];
  /** How often the connection was lost: every database restart or outage breaks it. */
  losses = 0;

  constructor(
    private readonly options: {
      readonly connectionString: string;
      readonly channel: string;
      readonly onNotification: (payload: string) => void;
      /** Called each time LISTEN is active again after a lost connection: notifications sent meanwhile were missed. */
      readonly onReconnected?: () => void;
      readonly log: Logger;
    },
  ) {}

  /** Connects and LISTENs; resolves once notifications flow. */
  start(): Promise<void> {
    this.connecting ??= this.connectUntilListening();
    return this.connecting;
  }

  /** Resolves the next time a connection is (re)established and listening. */
  nextConnection(): Promise<void> {
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connectUntilListening(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true, application_name: 'candlelab-events' });
      // Any error or end after this point means the connection is gone: start over.
      client.on('error', () => this.reconnect(client));
      client.on('end', () => this.reconnect(client));
      client.on('notification', (message) => {
        if (message.channel === this.options.channel && message.payload !== undefined) this.options.onNotification(message.payload);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`);
        if (this.closed) {
          await client.end().catch(() => {});
          return;
        }
        this.client = client;
        if (attempt > 0) this.options.log.warn(`Event listener connected again after ${attempt} failed attempt(s)`);
        const waiters = this.connectedWaiters;
        this.connectedWaiters = [];
        for (const resolve of waiters) resolve();
        if (this.losses > 0) this.options.onReconnected?.();
        return;
      } catch (error) {
        client.removeAllListeners();
        await client.end().catch(() => {});
        if (attempt === 0 && !this.client) this.options.log.warn(`Event listener cannot connect yet: ${(error as Error).message}`);
        await sleep(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  private reconnect(dead: pg.Client): void {
    if (this.closed || this.client !== dead) return;
    this.client = null;
    this.losses++;
    dead.removeAllListeners();
    dead.on('error', () => {});
    dead.end().catch(() => {});
    this.options.log.warn('Event listener lost its connection; reconnecting');
    this.connecting = this.connectUntilListening();
  }
}
