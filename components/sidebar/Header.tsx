import type { Ref } from 'react';
import { useSidebar } from '../../lib/sidebar/react';
import { TOGGLE_SHORTCUT_LABEL } from '../../lib/sidebar/shortcut';
import { describeSyncState } from '../../lib/sync/state';
import { SyncStateBadge } from '../sync/SyncStateBadge';
import { Glance } from './Glance';
import { ChevronRightIcon } from './icons';
import { useNow } from './useNow';

interface HeaderProps {
  titleId: string;
  panelId: string;
  onCollapse(): void;
  collapseRef: Ref<HTMLButtonElement>;
}

export function Header({ titleId, panelId, onCollapse, collapseRef }: HeaderProps) {
  return (
    <header className="rt-header">
      <div className="rt-header-row">
        <h2 id={titleId} className="rt-title">
          Reply Tracker
        </h2>
        <SyncDot />
        <kbd className="rt-kbd" title="Into the sidebar and back to the page">
          {TOGGLE_SHORTCUT_LABEL}
        </kbd>
        <button
          ref={collapseRef}
          type="button"
          className="rt-icon-button"
          data-testid="rt-collapse"
          aria-label="Collapse sidebar"
          aria-expanded="true"
          aria-controls={panelId}
          title="Collapse"
          onClick={onCollapse}
        >
          <ChevronRightIcon />
        </button>
      </div>
      <Glance />
    </header>
  );
}

/** The same state as the popup's, as a dot with a shape; its name says it in words. */
function SyncDot() {
  const sync = useSidebar((s) => s.sync);
  const now = useNow();
  if (!sync) return null;
  return <SyncStateBadge view={describeSyncState(sync, { now })} compact testId="rt-sync-dot" />;
}
