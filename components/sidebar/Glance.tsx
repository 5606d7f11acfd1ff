import { slaStatus, tallyLine } from '../../lib/sidebar/format';
import { useSidebar } from '../../lib/sidebar/react';
import { selectActiveThread, selectTrackedHere } from '../../lib/sidebar/store';
import { useNow } from './useNow';

/**
 * The header's one line that stays in view while the rest scrolls: is this thread tracked, how long
 * is left to answer it, and what I did today.
 */
export function Glance() {
  const hasThread = useSidebar((s) => selectActiveThread(s) !== undefined);
  const tracked = useSidebar(selectTrackedHere);
  const loaded = useSidebar((s) => s.loaded);
  const today = useSidebar((s) => s.counts?.today);
  const now = useNow();
  const sla = tracked ? slaStatus(tracked, now) : undefined;
  const status = !hasThread ? 'No thread open' : !loaded ? 'Checking…' : tracked ? 'Tracked' : 'Not tracked';

  return (
    <div className="rt-glance" data-testid="rt-glance">
      <p
        className="rt-glance-status"
        data-testid="rt-glance-status"
        data-tracked={tracked ? 'true' : 'false'}
      >
        {status}
        {sla && (
          <>
            {' · '}
            <span className="rt-sla" data-state={sla.state} data-testid="rt-glance-sla">
              {sla.label}
            </span>
          </>
        )}
      </p>
      <p className="rt-glance-counts" data-testid="rt-glance-today">
        {today ? (
          <>
            <span className="rt-visually-hidden">My activity today: </span>
            <span aria-hidden="true">Today </span>
            {tallyLine(today)}
          </>
        ) : (
          'Today –'
        )}
      </p>
    </div>
  );
}
