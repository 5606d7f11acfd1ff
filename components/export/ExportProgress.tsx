import type { ReactNode } from 'react';
import type { ExportStatus } from '@/lib/reports/download';
import { formatBytes, formatInt } from '@/lib/reports/format';

export interface ExportProgressProps {
  status: ExportStatus;
  progress: { rows: number; bytes: number };
  error?: string | undefined;
  /** What a row is called ("rows", "mentions"); omitted when rows can't be counted on the way (a zipped workbook). */
  rowNoun?: string | undefined;
  /** The progress bar's accessible name. */
  label: string;
  testId: string;
  className?: string;
  /** A determinate bar when the total is known; indeterminate while running otherwise. */
  bar?: ReactNode;
}

/** How far an export has got, said in words and a bar, for assistive tech as it changes (one place for every export). */
export function ExportProgress({
  status,
  progress,
  error,
  rowNoun,
  label,
  testId,
  className = 'rt-progress',
  bar,
}: ExportProgressProps) {
  const running = status === 'running';
  return (
    <div className={className} aria-live="polite" data-testid={testId} data-status={status}>
      {status !== 'idle' && (
        <>
          {bar ?? <progress max={1} {...(running ? {} : { value: 1 })} aria-label={label} />}
          <span>
            {rowNoun !== undefined && `${formatInt(progress.rows)} ${rowNoun} · `}
            {formatBytes(progress.bytes)}
            {status === 'done' && ' · saved'}
            {status === 'cancelled' && ' · cancelled'}
            {status === 'failed' && ` · failed: ${error ?? ''}`}
          </span>
        </>
      )}
    </div>
  );
}
