import type { Ref } from 'react';
import { TOGGLE_SHORTCUT_LABEL } from '../../lib/ui/shortcut';
import { ChevronRightIcon } from './icons';

interface HeaderProps {
  titleId: string;
  panelId: string;
  onCollapse(): void;
  collapseRef: Ref<HTMLButtonElement>;
}

export function Header({ titleId, panelId, onCollapse, collapseRef }: HeaderProps) {
  return (
    <header className="rt-header">
      <h2 id={titleId} className="rt-title">
        Reply Tracker
      </h2>
      <kbd className="rt-kbd" title="Show or hide the sidebar">
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
        title={`Collapse (${TOGGLE_SHORTCUT_LABEL})`}
        onClick={onCollapse}
      >
        <ChevronRightIcon />
      </button>
    </header>
  );
}
