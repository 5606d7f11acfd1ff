import { useEffect } from 'react';
import type { TermsEditorStore } from '../../lib/monitoring/editor';
import { PagesStoreContext } from '../../lib/pages/react';
import type { PagesStore } from '../../lib/pages/store';
import type { PlaybooksDraftStore } from '../../lib/playbooks-draft/store';
import type { LocalExportStore } from '../../lib/reports/local-export-store';
import type { ExportTarget } from '../export/ExportTarget';
import { ConnectionSection } from './ConnectionSection';
import { LocalExportSection } from './export/LocalExportSection';
import { MonitoringSection } from './MonitoringSection';
import { PlaybooksSection } from './playbooks/PlaybooksSection';
import { TeamReportSection } from './TeamReportSection';

export interface OptionsProps {
  store: PagesStore;
  /** The playbooks editor's store; without it the section is left out. */
  editor?: PlaybooksDraftStore;
  /** The monitoring terms editor's store; without it the section is left out. */
  terms?: TermsEditorStore;
  /** The export of my own log; without it the section is left out. */
  localExport?: LocalExportStore;
  /** Where exported files go; the browser's save dialog or downloads by default. */
  exportTarget?: ExportTarget;
  /** Opens the team report (managers and leads). */
  onOpenDashboard?: () => void;
  pollMs?: number;
}

/** The settings page, one section per concern. */
export function Options({
  store,
  editor,
  terms,
  localExport,
  exportTarget,
  onOpenDashboard,
  pollMs,
}: OptionsProps) {
  useEffect(() => store.getState().watch(pollMs), [store, pollMs]);
  return (
    <PagesStoreContext value={store}>
      <main className="rt-options">
        <header>
          <h1>Reply Tracker settings</h1>
        </header>
        <ConnectionSection />
        {onOpenDashboard ? <TeamReportSection onOpenDashboard={onOpenDashboard} /> : null}
        {localExport ? (
          <LocalExportSection store={localExport} {...(exportTarget ? { target: exportTarget } : {})} />
        ) : null}
        {editor ? <PlaybooksSection editor={editor} /> : null}
        {terms ? <MonitoringSection editor={terms} /> : null}
      </main>
    </PagesStoreContext>
  );
}
