import { ExportButton } from '@/components/export/ExportButton';
import { FormatFieldset } from '@/components/export/ExportFields';
import { ExportProgress } from '@/components/export/ExportProgress';
import { browserExportTarget, type ExportTarget } from '@/components/export/ExportTarget';
import { countsRows, EXPORT_FILE } from '@/lib/reports/download';
import { useDashboard } from '@/lib/reports/react';
import { selectIsManager } from '@/lib/reports/store';

/**
 * The period's mentions as a file (issue 12): every mention posted in the period with its triage, the
 * manager's decision and the team's first reply, from `GET /export/mentions`. Managers and leads.
 */
export function MentionsExportPanel({ target = browserExportTarget }: { target?: ExportTarget }) {
  const state = useDashboard((s) => s.mentionsExport);
  const set = useDashboard((s) => s.setMentionsExport);
  const start = useDashboard((s) => s.startMentionsExport);
  const cancel = useDashboard((s) => s.cancelMentionsExport);
  const period = useDashboard((s) => s.data.summary?.period);
  const allowed = useDashboard(selectIsManager);
  if (!period || !allowed) return null;

  const { format, bom, status, progress, error } = state;
  const running = status === 'running';
  const onExport = async () => {
    const { ext, mime } = EXPORT_FILE[format];
    // First thing in the click: the save dialog needs the user's gesture.
    const sink = await target.open(`reply-tracker-mentions-${period.from}_${period.to}.${ext}`, mime);
    if (!sink) return;
    await start(sink, { from: period.start, to: period.end });
  };

  return (
    <section
      className="rt-card rt-section no-print"
      aria-labelledby="rt-mentions-export-title"
      data-testid="mentions-export"
    >
      <header className="rt-card-head">
        <div>
          <h2 id="rt-mentions-export-title">Export mentions</h2>
          <p className="rt-muted">
            One row per mention posted from {period.from} to {period.to}: text (unless retention dropped it),
            author, reach, the suggested and the manager's category, status and the team's first reply.
          </p>
        </div>
      </header>
      <div className="rt-export">
        <FormatFieldset
          className="rt-format"
          disabled={running}
          format={format}
          bom={bom}
          onFormat={(f) => set({ format: f })}
          onBom={(b) => set({ bom: b })}
          bomLabel="Excel byte-order mark"
          rowNoun={{ one: 'mentions', sheet: 'Mentions' }}
        />
        <div className="rt-export-actions">
          <ExportButton
            running={running}
            onStart={onExport}
            onCancel={cancel}
            testId="mentions-export"
            startLabel="Export mentions"
            cancelLabel="Cancel mentions export"
          />
          <ExportProgress
            status={status}
            progress={progress}
            error={error}
            rowNoun={countsRows(format) ? 'mentions' : undefined}
            label="Mentions export progress"
            testId="mentions-export-progress"
          />
        </div>
      </div>
    </section>
  );
}
