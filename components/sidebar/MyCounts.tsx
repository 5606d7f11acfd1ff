import { useId } from 'react';
import { netLikes } from '../../lib/domain/metrics';
import type { ActivityCounts } from '../../lib/schemas/status';
import { useSidebar } from '../../lib/sidebar/react';

export function MyCounts() {
  const headingId = useId();
  const counts = useSidebar((s) => s.counts);

  return (
    <section className="rt-section" aria-labelledby={headingId} data-testid="rt-counts">
      <h3 id={headingId} className="rt-section-title">
        My activity
      </h3>
      {/* Counts change while the ambassador works; announce them without interrupting. */}
      <div className="rt-periods" aria-live="polite">
        <Period title="Today" testid="today" counts={counts?.today} />
        <Period title="This month" testid="month" counts={counts?.month} />
      </div>
    </section>
  );
}

function Period({
  title,
  testid,
  counts,
}: {
  title: string;
  testid: 'today' | 'month';
  counts: ActivityCounts | undefined;
}) {
  const show = (n: number | undefined) => (n === undefined ? '–' : String(n));
  return (
    <div className="rt-period">
      <h4 className="rt-period-title">{title}</h4>
      <dl className="rt-stats">
        <div className="rt-stat">
          <dt>Replies</dt>
          <dd data-testid={`rt-count-${testid}-replies`}>{show(counts?.replies)}</dd>
        </div>
        <div className="rt-stat">
          <dt>Likes</dt>
          <dd data-testid={`rt-count-${testid}-likes`}>{show(counts?.likes)}</dd>
        </div>
        <div className="rt-stat">
          <dt>Net likes</dt>
          <dd data-testid={`rt-count-${testid}-net-likes`}>{show(counts && netLikes(counts))}</dd>
        </div>
      </dl>
    </div>
  );
}
