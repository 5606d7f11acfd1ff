import { formatDateTime, formatInt } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { selectTimeZone } from '@/lib/reports/store';
import type { ConnectorState } from '@/lib/schemas/mention';

const NAME: Record<ConnectorState['id'], string> = { youtube: 'YouTube Data API', x: 'X API recent search' };

function quota(c: ConnectorState, tz: string): string {
  if (c.quotaLeft === undefined) return '—';
  const reset = c.quotaResetAt ? `, resets ${formatDateTime(c.quotaResetAt, tz)}` : '';
  return c.id === 'youtube'
    ? `${formatInt(c.quotaLeft)} units left today${reset}`
    : `${formatInt(c.quotaLeft)} requests left in this window${reset}`;
}

/** The server connectors (issue 12): whether each runs, when it last worked, what went wrong, quota. */
export function SourcesPanel() {
  const connectors = useDashboard((s) => s.connectors);
  const error = useDashboard((s) => s.connectorsError);
  const tz = useDashboard(selectTimeZone);
  if (!connectors && !error) return null;
  return (
    <section className="rt-card rt-section" aria-labelledby="rt-sources-title" data-testid="sources">
      <header className="rt-card-head">
        <div>
          <h2 id="rt-sources-title">Sources</h2>
          <p className="rt-muted">
            The server’s own searches for mentions, besides what members’ browsers capture.
          </p>
        </div>
      </header>
      {error && <p className="rt-bad">Could not read the sources: {error}</p>}
      {connectors && (
        <table className="rt-table">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Last success</th>
              <th scope="col">Last error</th>
              <th scope="col">Quota left</th>
              <th scope="col">Mentions found</th>
            </tr>
          </thead>
          <tbody>
            {connectors.map((c) => (
              <tr key={c.id} data-testid="source-row" data-source={c.id}>
                <th scope="row">
                  {NAME[c.id]}
                  {!c.configured && <span className="rt-muted"> · off (no key set on the server)</span>}
                </th>
                <td>{c.lastSuccessAt ? formatDateTime(c.lastSuccessAt, tz) : 'never'}</td>
                <td className={c.lastError ? 'rt-bad' : undefined} data-testid="source-error">
                  {c.lastError ? `${c.lastError} (${formatDateTime(c.lastErrorAt, tz)})` : 'none'}
                </td>
                <td>{quota(c, tz)}</td>
                <td>{formatInt(c.stored)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
