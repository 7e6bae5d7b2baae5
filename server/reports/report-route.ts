import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateRequest, originRefusal, type HttpAccess } from '../access/http-access.ts';
import { BacktestRun } from '../backtest/backtest-run.entity.ts';
import { RunReport } from '../backtest/run-report.ts';
import { AppError, notFound } from '../graphql/errors.ts';
import { errorResponse, REQUEST_ID_HEADER, requestIdOf } from '../graphql/error-policy.ts';
import { isUuid } from '../graphql/ids.ts';
import { OptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import type { AppServices } from '../services.ts';
import { loadUserStrategies } from '../strategies/index.ts';
import { REPORT_ROUTE, reportPath } from './report-paths.ts';
import { runReportHtml } from './run-report-html.ts';
import { sweepReportHtml } from './sweep-report-html.ts';

/**
 * GET /reports/backtests/<id>.html and /reports/sweeps/<id>.html: a completed run's or sweep's report as
 * one self-contained HTML file. The same access rules as the API (origin and Host, then the bearer token;
 * a read-only token may read reports); `?download=1` serves it as an attachment.
 */

export function reportRoute(services: AppServices, access: HttpAccess) {
  async function respond(request: Request): Promise<Response> {
    const requestId = requestIdOf(request);
    const refuse = (error: AppError, status: number, headers?: Headers) => errorResponse(error, status, requestId, access.errorPolicy, headers);
    const foreign = originRefusal(access, request);
    if (foreign) return foreign;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(new AppError('METHOD_NOT_ALLOWED', `Reports are read with GET, not ${request.method}`), 405, new Headers({ allow: 'GET, HEAD' }));
    }
    const authenticated = await authenticateRequest(access, request);
    if ('refusal' in authenticated) return authenticated.refusal;
    const url = new URL(request.url);
    const match = REPORT_ROUTE.exec(url.pathname);
    if (!match) return refuse(new AppError('NOT_FOUND', `No report at ${url.pathname}; reports are at ${reportPath('backtests', '<id>')} and ${reportPath('sweeps', '<id>')}`), 404);
    const [, kind, id] = match;
    const what = kind === 'backtests' ? 'Backtest' : 'Sweep';
    if (!isUuid(id)) return refuse(notFound(what, id), 404);
    const em = services.orm.em.fork();
    const record = kind === 'backtests' ? await em.findOne(BacktestRun, { id }) : await em.findOne(OptimizationSweep, { id });
    if (!record) return refuse(notFound(what, id), 404);
    if (record.status !== 'COMPLETED') return refuse(new AppError('CONFLICT', `${what} ${id} is ${record.status}; a report needs a completed ${what.toLowerCase()}`, { status: record.status }), 409);
    // The report names a user strategy by its title: its version must be loaded here.
    await loadUserStrategies(em, 'legs' in record ? record.legs.map((leg) => leg.strategy) : [record.strategy]);
    const html = kind === 'backtests' ? await runReportHtml(new RunReport(services, record as never)) : await sweepReportHtml(em, record as never);
    const headers = new Headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // The document itself may load nothing: its charts and styles are inline.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      [REQUEST_ID_HEADER]: requestId,
    });
    if (url.searchParams.has('download')) headers.set('content-disposition', `attachment; filename="candlelab-${kind === 'backtests' ? 'backtest' : 'sweep'}-${id}.html"`);
    return new Response(request.method === 'HEAD' ? null : html, { status: 200, headers });
  }

  async function safely(request: Request): Promise<Response> {
    try {
      return await respond(request);
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL_SERVER_ERROR', 'The report could not be built');
      if (!(error instanceof AppError)) services.log.child({ requestId: requestIdOf(request) }).error('Report failed', error);
      return errorResponse(appError, appError.extensions.code === 'LIMIT_EXCEEDED' ? 413 : appError.extensions.code === 'CONFLICT' ? 409 : 500, requestIdOf(request), access.errorPolicy);
    }
  }

  /** Node's request in, Node's response out. */
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    // The URL's host is fixed: the Host header stays a header, checked by the origin policy.
    const response = await safely(new Request(new URL(req.url ?? '/', 'http://localhost'), { method: req.method, headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}
