import type { App } from '../app.ts';

/**
 * What one reliability figure is: it gets databases of its own on one throwaway PostgreSQL and
 * reports lines plus whether it held.
 */
export interface FigureContext {
  /** A new, empty database on the run's PostgreSQL server. */
  createDatabase(label: string): Promise<string>;
  /** The real app (API and/or worker in this process) on a database, HTTP on a free port. */
  startApp(databaseUrl: string, options?: { env?: Record<string, string>; api?: boolean; worker?: boolean }): Promise<App>;
}

export interface FigureResult {
  readonly lines: string[];
  readonly held: boolean;
}

export interface ReliabilityFigure {
  readonly name: string;
  run(context: FigureContext): Promise<FigureResult>;
}

