import { usePages } from '../../lib/pages/react';
import { selectIsManager } from '../../lib/pages/store';

/** Managers and leads reach the dashboard from here as from the popup; it needs a live connection. */
export function TeamReportSection({ onOpenDashboard }: { onOpenDashboard: () => void }) {
  const isManager = usePages(selectIsManager);
  const connected = usePages((s) => s.status?.connected ?? false);
  if (!isManager || !connected) return null;
  return (
    <section aria-labelledby="rt-team-report-title" className="rt-section" id="team-report">
      <h2 id="rt-team-report-title">Team report</h2>
      <p className="rt-muted">
        The month's replies, likes and first-reaction times against the team's targets, every ambassador's
        share, and the team's export.
      </p>
      <button
        type="button"
        className="rt-button"
        data-testid="options-open-dashboard"
        onClick={onOpenDashboard}
      >
        Open the team report
      </button>
    </section>
  );
}
