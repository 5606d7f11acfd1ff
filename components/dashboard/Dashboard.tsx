import { type ReactNode, useEffect } from 'react';
import type { ExportTarget } from '@/components/export/ExportTarget';
import { formatDay, monthLabel } from '@/lib/reports/format';
import { DashboardStoreContext, useDashboard } from '@/lib/reports/react';
import { type DashboardStore, selectIsManager } from '@/lib/reports/store';
import { AmbassadorTable } from './AmbassadorTable';
import { ActivityByCategory, SlaByCategory } from './CategoryCharts';
import { DailyChart } from './DailyChart';
import { ExportPanel } from './ExportPanel';
import { KpiCards } from './KpiCards';
import { MentionsExportPanel } from './MentionsExportPanel';
import { MentionsPanel } from './MentionsPanel';
import { ModelPanel } from './ModelPanel';
import { NarrativesChart } from './NarrativesChart';
import { PeriodPicker } from './PeriodPicker';
import { SettingsPanel } from './SettingsPanel';
import { SiteHealthPanel } from './SiteHealthPanel';
import { SourcesPanel } from './SourcesPanel';
import { ThreadLists } from './ThreadLists';

function Title() {
  const period = useDashboard((s) => s.data.summary?.period);
  const previous = useDashboard((s) => s.data.summary?.previousPeriod);
  const identity = useDashboard((s) => s.identity);
  const heading = period?.month
    ? monthLabel(period.month)
    : period
      ? `${period.from} – ${period.to}`
      : 'Monthly report';
  return (
    <header className="rt-top">
      <div>
        <p className="rt-eyebrow">Reply Tracker · team report</p>
        <h1 data-testid="report-title">{heading}</h1>
        {period && previous && (
          <p className="rt-muted">
            {formatDay(period.from)} – {formatDay(period.to)}, {period.tz}. Compared with{' '}
            {previous.month
              ? monthLabel(previous.month)
              : `${formatDay(previous.from)} – ${formatDay(previous.to)}`}
            .
          </p>
        )}
      </div>
      <div className="rt-top-side">
        {identity && (
          <p className="rt-muted">
            {identity.name} · {identity.role} · {new URL(identity.serverUrl).host}
          </p>
        )}
        <button type="button" className="rt-button rt-secondary no-print" onClick={() => window.print()}>
          Print report
        </button>
      </div>
    </header>
  );
}

function Body({ exportTarget, inbox }: { exportTarget?: ExportTarget; inbox?: ReactNode }) {
  const load = useDashboard((s) => s.load);
  const loading = useDashboard((s) => s.loading);
  const error = useDashboard((s) => s.error);
  const hasData = useDashboard((s) => Boolean(s.data.summary));
  const identity = useDashboard((s) => s.identity);
  const isManager = useDashboard(selectIsManager);
  useEffect(() => {
    void load();
  }, [load]);

  if (identity && !isManager) {
    return (
      <p className="rt-notice">Reports are for managers and leads; you are connected as {identity.role}.</p>
    );
  }
  return (
    <>
      <Title />
      {inbox}
      <PeriodPicker />
      {error && (
        <div className="rt-notice rt-bad" role="alert" data-testid="dashboard-error">
          {error}{' '}
          <button type="button" className="rt-link" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      <SiteHealthPanel />
      <SourcesPanel />
      <div className="rt-content" aria-busy={loading} data-loading={loading} data-testid="dashboard-content">
        {!hasData && loading && <p className="rt-muted">Loading the report…</p>}
        {hasData && (
          <>
            <KpiCards />
            {/* The charts' own headings are level 3: this names the part of the report they sit in. */}
            <section aria-labelledby="rt-activity-title">
              <h2 id="rt-activity-title" className="rt-visually-hidden">
                Activity and reaction time
              </h2>
              <DailyChart />
              <div className="rt-grid">
                <ActivityByCategory />
                <SlaByCategory />
              </div>
              <NarrativesChart />
            </section>
            <MentionsPanel />
            <MentionsExportPanel target={exportTarget} />
            <AmbassadorTable />
            <ThreadLists />
            <ModelPanel />
            <ExportPanel target={exportTarget} />
            <SettingsPanel />
          </>
        )}
      </div>
    </>
  );
}

export function Dashboard({
  store,
  exportTarget,
  inbox,
}: {
  store: DashboardStore;
  exportTarget?: ExportTarget;
  /** The mentions inbox (managers and leads), above the report. */
  inbox?: ReactNode;
}) {
  return (
    <DashboardStoreContext.Provider value={store}>
      <main className="rt-dashboard">
        <Body exportTarget={exportTarget} inbox={inbox} />
      </main>
    </DashboardStoreContext.Provider>
  );
}
