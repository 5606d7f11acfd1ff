import { useEffect } from 'react';
import { useStore } from 'zustand';
import { ExportButton } from '@/components/export/ExportButton';
import { ActionOptions, FormatFieldset, PlatformOptions } from '@/components/export/ExportFields';
import { ExportProgress } from '@/components/export/ExportProgress';
import { browserExportTarget, type ExportTarget } from '@/components/export/ExportTarget';
import { formatInt } from '@/lib/reports/format';
import {
  type ActionFilter,
  exportFilename,
  exportMime,
  filtersProblem,
  type PlatformFilter,
} from '@/lib/reports/local-export';
import type { LocalExportState, LocalExportStore } from '@/lib/reports/local-export-store';

function zones(current: string): string[] {
  const withValues = Intl as typeof Intl & { supportedValuesOf?: (k: 'timeZone') => string[] };
  return [...new Set([current, 'UTC', ...(withValues.supportedValuesOf?.('timeZone') ?? [])])];
}

const useLocalExport = <T,>(store: LocalExportStore, selector: (s: LocalExportState) => T): T =>
  useStore(store, selector);

export interface LocalExportSectionProps {
  store: LocalExportStore;
  target?: ExportTarget;
}

/** The ambassador's own log as a file, with no server needed: the team export's columns. */
export function LocalExportSection({ store, target = browserExportTarget }: LocalExportSectionProps) {
  const filters = useLocalExport(store, (s) => s.filters);
  const format = useLocalExport(store, (s) => s.format);
  const bom = useLocalExport(store, (s) => s.bom);
  const member = useLocalExport(store, (s) => s.member);
  const count = useLocalExport(store, (s) => s.count);
  const counting = useLocalExport(store, (s) => s.counting);
  const countError = useLocalExport(store, (s) => s.countError);
  const status = useLocalExport(store, (s) => s.status);
  const progress = useLocalExport(store, (s) => s.progress);
  const total = useLocalExport(store, (s) => s.total);
  const error = useLocalExport(store, (s) => s.error);
  const { setFilters, setFormat, setBom, start, cancel } = store.getState();

  useEffect(() => {
    const refresh = () => void store.getState().refresh();
    refresh();
    // Back from x.com or YouTube with more logged: count again.
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, [store]);

  const running = status === 'running';
  const problem = filtersProblem(filters);
  // Unknown total (the count was still running): an indeterminate bar.
  const max = Math.max(total ?? 0, 1);
  const onExport = async () => {
    // First thing in the click: a save dialog needs the user's gesture.
    const sink = await target.open(exportFilename(filters, format), exportMime(format));
    if (sink) await start(sink);
  };

  return (
    <section
      aria-labelledby="rt-local-export-title"
      className="rt-section"
      id="my-log"
      data-testid="local-export"
    >
      <h2 id="rt-local-export-title">My activity log</h2>
      <p className="rt-muted">
        Export what this browser has logged, with or without a team server. The columns are the team export's,
        so the files can be combined; the member column reads{' '}
        <strong data-testid="local-export-member">{member ?? '…'}</strong>.
      </p>

      <fieldset className="rt-lx-filters" disabled={running}>
        <legend className="rt-visually-hidden">Which events</legend>
        <label>
          From
          <input
            type="date"
            data-testid="local-export-from"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => setFilters({ from: e.target.value })}
          />
        </label>
        <label>
          To
          <input
            type="date"
            data-testid="local-export-to"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => setFilters({ to: e.target.value })}
          />
        </label>
        <label>
          Time zone
          <select
            data-testid="local-export-tz"
            value={filters.tz}
            onChange={(e) => setFilters({ tz: e.target.value })}
          >
            {zones(filters.tz).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label>
          Platform
          <select
            data-testid="local-export-platform"
            value={filters.platform}
            onChange={(e) => setFilters({ platform: e.target.value as PlatformFilter })}
          >
            <PlatformOptions />
          </select>
        </label>
        <label>
          Action
          <select
            data-testid="local-export-action"
            value={filters.action}
            onChange={(e) => setFilters({ action: e.target.value as ActionFilter })}
          >
            <ActionOptions />
          </select>
        </label>
      </fieldset>

      <FormatFieldset
        className="rt-lx-format"
        disabled={running}
        format={format}
        bom={bom}
        onFormat={setFormat}
        onBom={setBom}
        bomLabel="Byte-order mark for Excel"
      />

      <p className="rt-lx-count" aria-live="polite" data-testid="local-export-count" data-count={count ?? ''}>
        {problem ??
          countError ??
          (counting || count === undefined
            ? 'Counting…'
            : `${formatInt(count)} matching ${count === 1 ? 'event' : 'events'}, times in ${filters.tz}.`)}
      </p>

      <div className="rt-actions rt-lx-actions">
        <ExportButton
          running={running}
          onStart={onExport}
          onCancel={cancel}
          disabled={Boolean(problem)}
          testId="local-export"
        />
        <ExportProgress
          className="rt-lx-progress"
          status={status}
          progress={progress}
          error={error}
          rowNoun={progress.rows === 1 ? 'row' : 'rows'}
          label="Export progress"
          testId="local-export-progress"
          bar={
            <progress
              aria-label="Export progress"
              max={max}
              {...(running && total === undefined
                ? {}
                : { value: status === 'done' ? max : Math.min(progress.rows, max) })}
            />
          }
        />
      </div>
    </section>
  );
}
