import { type FormEvent, useEffect, useId, useState } from 'react';
import { usePages } from '../../lib/pages/react';
import { roleLabel } from '../../lib/sidebar/format';
import { describeSyncState } from '../../lib/sync/state';
import { useNow } from '../popup/SyncState';
import { SyncStateBadge } from '../sync/SyncStateBadge';

const systemNow = () => new Date();

/** Server URL and access token; the token goes to the background and is never shown again. */
export function ConnectionSection() {
  const status = usePages((s) => s.status);
  const connecting = usePages((s) => s.connecting);
  const connectError = usePages((s) => s.connectError);
  const connect = usePages((s) => s.connect);
  const disconnect = usePages((s) => s.disconnect);
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const urlId = useId();
  const tokenId = useId();
  const hintId = useId();
  const now = useNow(systemNow);
  // A failed reconnect leaves the previous token in place: say so, next to the state it keeps.
  const view = status
    ? describeSyncState(status, { now, reconnectError: status.connected ? connectError : undefined })
    : undefined;

  // Prefill once with the server we are (or were) connected to.
  const known = status?.serverUrl;
  useEffect(() => {
    if (known) setServerUrl((v) => v || known);
  }, [known]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // No await before this call: the permission prompt inside needs the click's user gesture.
    void connect(serverUrl, token).then((ok) => {
      if (ok) setToken('');
    });
  };

  return (
    <section aria-labelledby="rt-connection-title" className="rt-section" id="connection">
      <h2 id="rt-connection-title">Team server</h2>
      <p className="rt-muted">
        Connect to your team's Reply Tracker server so your replies and likes count for the team and you see
        the threads your community manager tracks. Your access token stays inside this extension.
      </p>

      <div
        className="rt-status"
        data-testid="options-status"
        data-connected={String(Boolean(status?.connected))}
        data-state={view?.kind ?? ''}
        aria-live="polite"
      >
        {view ? <SyncStateBadge view={view} testId="options-sync-state" /> : null}
        {status?.connected && status.member ? (
          <p>
            Connected to <strong>{status.serverUrl}</strong> as{' '}
            <strong data-testid="options-member">{status.member.name}</strong> (
            <span data-testid="options-role">{roleLabel(status.member.role)}</span>).
          </p>
        ) : status?.member ? (
          <p>
            Connection to <strong>{status.serverUrl}</strong> stopped:{' '}
            {status.lastError ?? 'reconnect to continue.'}
          </p>
        ) : (
          <p>Not connected. Everything is counted on this computer until you connect.</p>
        )}
        {view && view.kind !== 'local' && view.kind !== 'signed-out' ? (
          <p className="rt-muted" data-testid="options-sync-detail">
            {view.detail}
            {view.nextTry ? ` ${view.nextTry.text}` : ''}
          </p>
        ) : null}
        {status?.clockWarning ? (
          <p className="rt-warning" data-testid="options-clock-warning">
            {status.clockWarning}
          </p>
        ) : null}
      </div>

      <form className="rt-form" onSubmit={onSubmit} noValidate>
        <label htmlFor={urlId}>Server URL</label>
        <input
          id={urlId}
          data-testid="options-server-url"
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://replies.example.org"
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          required
        />
        <label htmlFor={tokenId}>Access token</label>
        <input
          id={tokenId}
          data-testid="options-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={status?.member ? 'Paste a token to reconnect' : 'rt_…'}
          aria-describedby={hintId}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <p id={hintId} className="rt-hint">
          Your team lead gives you this token. Treat it like a password.
        </p>
        {connectError ? (
          <p className="rt-error" role="alert" data-testid="options-error">
            {connectError}
          </p>
        ) : null}
        <div className="rt-actions">
          <button
            type="submit"
            className="rt-button"
            data-testid="options-connect"
            disabled={connecting}
            aria-busy={connecting}
          >
            {connecting ? 'Connecting…' : status?.member ? 'Reconnect' : 'Connect'}
          </button>
          {status?.member ? (
            <button
              type="button"
              className="rt-button rt-secondary"
              data-testid="options-disconnect"
              onClick={() => void disconnect()}
              disabled={connecting}
            >
              Disconnect
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
