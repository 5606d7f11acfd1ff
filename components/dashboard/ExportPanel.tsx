import { useState } from 'react';
import { ExportButton } from '@/components/export/ExportButton';
import { ActionOptions, FormatFieldset, PlatformOptions } from '@/components/export/ExportFields';
import { ExportProgress } from '@/components/export/ExportProgress';
import { browserExportTarget, type ExportTarget } from '@/components/export/ExportTarget';
import { countsRows, EXPORT_FILE } from '@/lib/reports/download';
import { useDashboard } from '@/lib/reports/react';
import { CATEGORY_IDS } from '@/lib/schemas/categories';
import { categoryLabel } from './labels';

export function ExportPanel({ target = browserExportTarget }: { target?: ExportTarget }) {
  const filters = useDashboard((s) => s.exportFilters);
  const set = useDashboard((s) => s.setExportFilters);
  const status = useDashboard((s) => s.exportStatus);
  const progress = useDashboard((s) => s.exportProgress);
  const error = useDashboard((s) => s.exportError);
  const start = useDashboard((s) => s.startExport);
  const cancel = useDashboard((s) => s.cancelExport);
  const members = useDashboard((s) => s.data.ambassadors?.members);
  const period = useDashboard((s) => s.data.summary?.period);
  const isLead = useDashboard((s) => s.identity?.role === 'lead');
  // The progress line describes the last run, whatever format is picked since.
  const [ranFormat, setRanFormat] = useState(filters.format);
  if (!period) return null;

  const running = status === 'running';
  const onExport = async () => {
    const { ext, mime } = EXPORT_FILE[filters.format];
    // First thing in the click: the save dialog needs the user's gesture.
    const sink = await target.open(`reply-tracker-${period.from}_${period.to}.${ext}`, mime);
    if (!sink) return;
    setRanFormat(filters.format);
    await start(sink);
  };

  return (
    <section className="rt-card rt-section no-print" aria-labelledby="rt-export-title" data-testid="export">
      <header className="rt-card-head">
        <div>
          <h2 id="rt-export-title">Export events</h2>
          <p className="rt-muted">
            One row per logged action from {period.from} to {period.to}, times in {period.tz}.
          </p>
        </div>
      </header>
      {!isLead ? (
        <p className="rt-muted">Exports are for leads.</p>
      ) : (
        <div className="rt-export">
          <div className="rt-export-filters">
            <label>
              Member
              <select
                value={filters.member}
                onChange={(e) => set({ member: e.target.value })}
                disabled={running}
              >
                <option value="">Everyone</option>
                {(members ?? []).map((m) => (
                  <option key={`${m.name}-${m.revoked}`} value={m.name}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Platform
              <select
                value={filters.platform}
                onChange={(e) => set({ platform: e.target.value })}
                disabled={running}
              >
                <PlatformOptions />
              </select>
            </label>
            <label>
              Category
              <select
                value={filters.category}
                onChange={(e) => set({ category: e.target.value })}
                disabled={running}
              >
                <option value="">All</option>
                {CATEGORY_IDS.map((c) => (
                  <option key={c} value={c}>
                    {categoryLabel(c)}
                  </option>
                ))}
                <option value="none">Uncategorised</option>
              </select>
            </label>
            <label>
              Action
              <select
                value={filters.action}
                onChange={(e) => set({ action: e.target.value })}
                disabled={running}
              >
                <ActionOptions />
              </select>
            </label>
            <FormatFieldset
              className="rt-format"
              disabled={running}
              format={filters.format}
              bom={filters.bom}
              onFormat={(format) => set({ format })}
              onBom={(bom) => set({ bom })}
              bomLabel="Excel byte-order mark"
            />
          </div>
          <div className="rt-export-actions">
            <ExportButton running={running} onStart={onExport} onCancel={cancel} testId="export" />
            <ExportProgress
              status={status}
              progress={progress}
              error={error}
              rowNoun={countsRows(ranFormat) ? 'rows' : undefined}
              label="Export progress"
              testId="export-progress"
            />
          </div>
        </div>
      )}
    </section>
  );
}
