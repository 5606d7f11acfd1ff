import { createContext, useContext, useEffect } from 'react';
import { useStore } from 'zustand';
import type { CaptureStore, CaptureState as State } from '../../lib/pages/capture-store';
import { usePages } from '../../lib/pages/react';
import { AlertText } from '../dashboard/inbox/AlertText';

const CaptureContext = createContext<CaptureStore | null>(null);
function useCapture<T>(selector: (s: State) => T): T {
  const store = useContext(CaptureContext);
  if (!store) throw new Error('useCapture needs a CaptureContext provider above it');
  return useStore(store, selector);
}

/** What capture keeps, said the same way wherever a member can turn it off. */
export const CAPTURE_COLLECTS =
  'public posts x.com and YouTube show you that match the team’s terms: author, follower count, text, language, time, link and counts; nothing else';

/**
 * Mention capture in this browser (issue 12): every member sees that it is on and what it keeps, and
 * can pause it; a manager's team switch and missing terms are said in words.
 */
export function CaptureCard({ store }: { store: CaptureStore }) {
  useEffect(() => store.getState().watch(), [store]);
  // A sync sends the outbox without touching anything the revision watch sees: re-read after each one.
  const synced = usePages((s) => `${s.status?.lastSyncedAt ?? ''}|${s.status?.syncing ?? ''}`);
  // biome-ignore lint/correctness/useExhaustiveDependencies: synced is the reason to re-read
  useEffect(() => {
    void store.getState().load();
  }, [store, synced]);
  return (
    <CaptureContext value={store}>
      <Card />
    </CaptureContext>
  );
}

function Card() {
  const status = useCapture((s) => s.status);
  const error = useCapture((s) => s.error);
  const busy = useCapture((s) => s.busy);
  const setPaused = useCapture((s) => s.setPaused);
  if (!status) {
    return error ? (
      <p className="rt-error" role="alert">
        {error}
      </p>
    ) : null;
  }
  if (!status.connected) return null;
  let state: 'on' | 'paused' | 'team-off' | 'no-terms';
  if (!status.teamEnabled) state = 'team-off';
  else if (!status.hasTerms) state = 'no-terms';
  else state = status.paused ? 'paused' : 'on';
  return (
    <section
      className="rt-card rt-capture"
      aria-labelledby="rt-capture-title"
      data-testid="capture-card"
      data-state={state}
    >
      <h2 id="rt-capture-title" className="rt-title">
        Mention capture: {state === 'on' ? 'on' : state === 'paused' ? 'paused' : 'off'}
      </h2>
      {state === 'on' ? (
        <p className="rt-muted">
          Keeps the {CAPTURE_COLLECTS}. {status.sentToday} sent today
          {status.pending > 0 ? `, ${status.pending} waiting to send` : ''}.
        </p>
      ) : null}
      {state === 'paused' ? (
        <p className="rt-muted">You paused it: nothing is read from the pages you visit in this browser.</p>
      ) : null}
      {state === 'team-off' ? (
        <p className="rt-muted">Your community manager switched capture off for the team.</p>
      ) : null}
      {state === 'no-terms' ? (
        <p className="rt-muted">The team has not chosen any terms yet, so nothing is captured.</p>
      ) : null}
      {state === 'on' || state === 'paused' ? (
        <button
          type="button"
          className="rt-button rt-secondary"
          data-testid="capture-toggle"
          aria-pressed={state === 'paused'}
          disabled={busy}
          onClick={() => void setPaused(state === 'on')}
        >
          {state === 'on' ? 'Pause capture in this browser' : 'Resume capture'}
        </button>
      ) : null}
      {error ? (
        <p className="rt-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** Managers and leads: spikes and high-reach negative mentions, with a way to the inbox. */
export function MentionAlerts({
  store,
  onOpenDashboard,
}: {
  store: CaptureStore;
  onOpenDashboard?: () => void;
}) {
  const alerts = useStore(store, (s) => s.alerts);
  if (alerts.length === 0) return null;
  return (
    <section className="rt-card rt-alerts" aria-labelledby="rt-alerts-title" data-testid="popup-alerts">
      <h2 id="rt-alerts-title">Mention alerts</h2>
      <ul>
        {alerts.map((a) => (
          <li key={a.id} data-kind={a.kind}>
            <AlertText alert={a} />
          </li>
        ))}
      </ul>
      {onOpenDashboard ? (
        <button type="button" className="rt-link" onClick={onOpenDashboard}>
          Open the inbox
        </button>
      ) : null}
    </section>
  );
}
