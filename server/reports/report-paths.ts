/** Where the HTML reports are served (report-route.ts), and the path the API gives clients for each record. */
export const REPORTS_PATH = '/reports/';
export type ReportKind = 'backtests' | 'sweeps';
export const reportPath = (kind: ReportKind, id: string) => `${REPORTS_PATH}${kind}/${id}.html`;
export const REPORT_ROUTE = /^\/reports\/(backtests|sweeps)\/([^/]+)\.html$/;
