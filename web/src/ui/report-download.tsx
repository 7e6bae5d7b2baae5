import { createSignal, Show, type JSX } from 'solid-js';
import { authenticatedFetch } from '../lib/client.ts';
import { downloadText } from '../lib/csv.ts';
import { type ApiError } from '../lib/errors.ts';
import { ErrorBox } from './error-box.tsx';

const fetchWithToken = authenticatedFetch();

/**
 * Downloads a record's self-contained HTML report from the path the API gives (`reportUrl`). Fetched with the
 * stored token rather than followed as a link, so it works when the server requires tokens.
 */
export function ReportDownload(props: { url: string | null | undefined; filename: string; testId?: string }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);
  const download = async (url: string) => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetchWithToken(url);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
        const first = body?.errors?.[0];
        setError({ code: first?.extensions?.code ?? `HTTP_${response.status}`, message: first?.message ?? response.statusText });
        return;
      }
      downloadText(`${props.filename.replace(/[^\w.-]+/g, '_')}-report.html`, await response.text(), 'text/html');
    } catch (cause) {
      setError({ code: 'NETWORK_ERROR', message: String(cause) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={props.url}>
      {(url) => (
        <>
          <button type="button" class="small-button" disabled={busy()} onClick={() => void download(url())} data-testid={props.testId ?? 'download-report'}>
            {busy() ? 'Preparing report…' : 'Download report (HTML)'}
          </button>
          <ErrorBox error={error()} title="Could not download the report" />
        </>
      )}
    </Show>
  );
}
