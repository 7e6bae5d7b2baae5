import { percentile } from '../engine/index.ts';
import WebSocket from 'ws';
import type { Family, HostileCase, HttpCase, WsCase } from './hostile-corpus.ts';

/** How one hostile case was answered. `refused` means: coded, not INTERNAL_SERVER_ERROR, and in time when there is a deadline. */
export interface CaseOutcome {
  readonly case: HostileCase;
  readonly refused: boolean;
  readonly ms: number;
  /** The error code, close code or status the server answered with, or what went wrong. */
  readonly answer: string;
}

/** Close codes of graphql-ws and of the access contract that refuse a socket for a reason. */
const REFUSING_CLOSE_CODES = new Set([4400, 4401, 4403, 4413, 4429]);

type ErrorList = Array<{ extensions?: { code?: unknown } }>;

/** Refused when there is at least one error, every error is coded, and none is internal. */
function judgeErrors(errors: ErrorList | undefined): { refused: boolean; answer: string } {
  if (!errors?.length) return { refused: false, answer: 'answered without an error' };
  const codes = errors.map((error) => error.extensions?.code);
  if (codes.some((code) => typeof code !== 'string')) return { refused: false, answer: 'an error without extensions.code' };
  if (codes.includes('INTERNAL_SERVER_ERROR')) return { refused: false, answer: 'INTERNAL_SERVER_ERROR' };
  return { refused: true, answer: String(codes[0]) };
}

async function runHttp(graphqlUrl: string, c: HttpCase, giveUpMs: number): Promise<{ refused: boolean; answer: string }> {
  const response = await fetch(`${graphqlUrl}${c.search ?? ''}`, { method: c.method, headers: c.headers, body: c.body, signal: AbortSignal.timeout(giveUpMs) });
  const text = await response.text();
  if (/originalError|"stack"|node_modules/.test(text)) return { refused: false, answer: `HTTP ${response.status} leaks internals` };
  try {
    const verdict = judgeErrors((JSON.parse(text) as { errors?: ErrorList }).errors);
    return { ...verdict, answer: `${response.status} ${verdict.answer}` };
  } catch {
    return { refused: false, answer: `HTTP ${response.status} without a GraphQL body` };
  }
}

function runWs(graphqlUrl: string, c: WsCase, giveUpMs: number): Promise<{ refused: boolean; answer: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: c.upgradeHeaders });
    let settled = false;
    const finish = (verdict: { refused: boolean; answer: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      resolve(verdict);
    };
    const timer = setTimeout(() => finish({ refused: false, answer: 'no answer' }), giveUpMs);
    socket.on('unexpected-response', (_request, response) => finish({ refused: response.statusCode === 403 || response.statusCode === 401, answer: `upgrade ${response.statusCode}` }));
    socket.on('error', (error) => finish({ refused: false, answer: `socket error ${error.message}` }));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(c.connectionParams ? { payload: c.connectionParams } : {}) })));
    socket.on('close', (code) => finish({ refused: REFUSING_CLOSE_CODES.has(code), answer: `close ${code}` }));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: c.query, variables: c.variables } }));
      } else if (message.type === 'error') {
        finish(judgeErrors(message.payload as ErrorList));
      } else if (message.type === 'next') {
        finish(judgeErrors((message.payload as { errors?: ErrorList }).errors));
      } else if (message.type === 'complete') {
        finish({ refused: false, answer: 'completed without an error' });
      }
    });
  });
}

/** The answer time `npm run reliability` holds every case to. */
export const CORPUS_DEADLINE_MS = 1000;
/** With no deadline a case still fails when it gets no answer at all within this (a hang, not a slow answer). */
const HANG_MS = 30_000;

/**
 * Runs every case in order (one at a time, so each latency is the server's, not a queue's). With a
 * deadline (the reliability figures) a late refusal counts as not refused; `deadlineMs: null` (the
 * test suite, which shares the machine with anything) judges the answer only and records the time.
 */
export async function runCorpus(graphqlUrl: string, cases: readonly HostileCase[], options: { deadlineMs: number | null } = { deadlineMs: CORPUS_DEADLINE_MS }): Promise<CaseOutcome[]> {
  const { deadlineMs } = options;
  const giveUpMs = deadlineMs === null ? HANG_MS : deadlineMs * 5;
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    const started = performance.now();
    let verdict: { refused: boolean; answer: string };
    try {
      verdict = c.transport === 'http' ? await runHttp(graphqlUrl, c, giveUpMs) : await runWs(graphqlUrl, c, giveUpMs);
    } catch (error) {
      verdict = { refused: false, answer: `client error ${(error as Error).message}` };
    }
    const ms = performance.now() - started;
    const late = deadlineMs !== null && ms >= deadlineMs;
    outcomes.push({ case: c, ms, refused: verdict.refused && !late, answer: late ? `${verdict.answer} after ${Math.round(ms)} ms` : verdict.answer });
  }
  return outcomes;
}

export interface CorpusSummary {
  readonly family: Family | 'all';
  readonly cases: number;
  readonly http: number;
  readonly ws: number;
  readonly refused: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}


export function summarise(outcomes: readonly CaseOutcome[]): CorpusSummary[] {
  const families = [...new Set(outcomes.map((o) => o.case.family))];
  const summary = (family: Family | 'all', group: readonly CaseOutcome[]): CorpusSummary => {
    const ms = group.map((o) => o.ms).sort((a, b) => a - b);
    return {
      family,
      cases: group.length,
      http: group.filter((o) => o.case.transport === 'http').length,
      ws: group.filter((o) => o.case.transport === 'ws').length,
      refused: group.filter((o) => o.refused).length,
      p50Ms: ms.length ? percentile(ms, 0.5) : 0,
      p99Ms: ms.length ? percentile(ms, 0.99) : 0,
      maxMs: ms.at(-1) ?? 0,
    };
  };
  return [...families.map((family) => summary(family, outcomes.filter((o) => o.case.family === family))), summary('all', outcomes)];
}
