import { useEffect, useState } from 'react';
import { usePages } from '../../lib/pages/react';
import { absoluteTime, relativeTime, roleLabel } from '../../lib/sidebar/format';
import { describeSyncState } from '../../lib/sync/state';
import { SyncStateBadge } from '../sync/SyncStateBadge';

/** Re-renders every `ms` so "2 min ago" stays true while the popup is open. */
export function useNow(now: () => Date, ms = 15_000): Date {
  const [at, setAt] = useState(now);
  useEffect(() => {
    const t = setInterval(() => setAt(now()), ms);
    return () => clearInterval(t);
  }, [now, ms]);
  return at;
}

export interface SyncStateProps {
  now: () => Date;
  onOpenOptions: () => void;
  /** The options page's address, for a real link (middle-click, "open in new tab" work). */
  optionsHref?: string;
}

export function SyncState({ now, onOpenOptions, optionsHref = '/options.html' }: SyncStateProps) {
  const status = usePages((s) => s.status);
  const loadError = usePages((s) => s.loadError);
  const syncing = usePages((s) => s.syncing);
  const syncNow = usePages((s) => s.syncNow);
  const at = useNow(now);

  if (!status) {
    return loadError ? (
      <p className="rt-error" role="alert" data-testid="sync-error">
        {loadError}
      </p>
    ) : (
      <p className="rt-muted">Loading…</p>
    );
  }

  const connected = status.connected;
  const view = describeSyncState(status, { now: at });
  const alarming = view.tone === 'warn' || view.tone === 'error';
  return (
    <section aria-labelledby="rt-sync-title" className="rt-card">
      <div className="rt-row">
        <h2 id="rt-sync-title" className="rt-title">
          My sync
        </h2>
        <span data-testid="sync-connected" data-connected={String(connected)} data-state={view.kind}>
          <SyncStateBadge view={view} />
        </span>
      </div>

      {status.member && status.serverUrl ? (
        <p className="rt-muted rt-who">
          {status.member.name} · {roleLabel(status.member.role)} · {new URL(status.serverUrl).host}
        </p>
      ) : null}

      {alarming ? (
        <div
          className="rt-error"
          role="alert"
          data-testid="sync-error"
          data-kind={status.errorKind ?? 'other'}
        >
          <p>{view.detail}</p>
          {view.nextTry ? (
            <p className="rt-muted" data-testid="sync-next-retry">
              Next try{' '}
              <time dateTime={view.nextTry.at}>
                {new Date(view.nextTry.at).toLocaleTimeString(undefined, { timeStyle: 'short' })}
              </time>
              .
            </p>
          ) : null}
          {view.kind === 'signed-out' ? (
            <button type="button" className="rt-link" onClick={onOpenOptions}>
              Reconnect in settings
            </button>
          ) : null}
        </div>
      ) : view.kind === 'local' ? (
        <p className="rt-muted" data-testid="sync-detail">
          Your replies and likes are counted on this computer only.{' '}
          <a href={optionsHref} target="_blank" rel="noopener" data-testid="sync-open-options">
            Connect to your team server
          </a>{' '}
          so they count for the team.
        </p>
      ) : (
        <p className="rt-muted" data-testid="sync-detail">
          {view.detail}
        </p>
      )}
      {loadError ? (
        <p className="rt-error" role="alert" data-testid="sync-load-error">
          {loadError}
        </p>
      ) : null}

      <dl className="rt-stats">
        <div>
          <dt>Waiting to sync</dt>
          <dd data-testid="sync-pending" data-count={status.pending}>
            {status.pending}
          </dd>
        </div>
        <div>
          <dt>Last synced</dt>
          <dd data-testid="sync-last-synced">
            {status.lastSyncedAt ? (
              <time dateTime={status.lastSyncedAt} title={absoluteTime(status.lastSyncedAt)}>
                {relativeTime(status.lastSyncedAt, at)}
              </time>
            ) : (
              'Never'
            )}
          </dd>
        </div>
      </dl>

      {status.clockWarning ? (
        <p className="rt-warning" role="status" data-testid="sync-clock-warning">
          {status.clockWarning}
        </p>
      ) : null}

      {status.member ? (
        <button
          type="button"
          className="rt-button"
          data-testid="sync-now"
          onClick={() => void syncNow()}
          disabled={syncing || !connected}
          aria-busy={syncing}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      ) : null}
    </section>
  );
}
