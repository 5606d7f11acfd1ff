import { type ReactNode, useId } from 'react';
import type { ExportFormat } from '@/lib/reports/download';
import { formatInt } from '@/lib/reports/format';
import { XLSX_EVENTS_PER_SHEET } from '@/lib/reports/xlsx';

/** The platform filter's choices; the team export and the local one read the same values. */
export function PlatformOptions() {
  return (
    <>
      <option value="">Both</option>
      <option value="x">X</option>
      <option value="youtube">YouTube</option>
    </>
  );
}

/** The action filter's choices: a reply and a YouTube comment count as one kind of answer. */
export function ActionOptions() {
  return (
    <>
      <option value="">All</option>
      <option value="reply,comment">Replies and comments</option>
      <option value="like">Likes</option>
      <option value="unlike">Unlikes</option>
    </>
  );
}

export interface FormatFieldsetProps {
  className: string;
  disabled: boolean;
  format: ExportFormat;
  bom: boolean;
  onFormat: (format: ExportFormat) => void;
  onBom: (bom: boolean) => void;
  /** The byte-order-mark checkbox's label, as each page words it. */
  bomLabel: ReactNode;
  /** What a workbook's sheets hold (`events` unless said), for the note under the Excel choice. */
  rowNoun?: { one: string; sheet: string };
}

/** CSV, Excel workbook or JSON Lines, and for CSV whether to start with a byte-order mark. */
export function FormatFieldset({
  className,
  disabled,
  format,
  bom,
  onFormat,
  onBom,
  bomLabel,
  rowNoun = { one: 'events', sheet: 'Events' },
}: FormatFieldsetProps) {
  const name = useId();
  return (
    <fieldset className={className} disabled={disabled}>
      <legend>Format</legend>
      <label>
        <input type="radio" name={name} checked={format === 'csv'} onChange={() => onFormat('csv')} /> CSV
      </label>
      <label>
        <input type="radio" name={name} checked={format === 'xlsx'} onChange={() => onFormat('xlsx')} /> Excel
        (.xlsx)
      </label>
      <label>
        <input type="radio" name={name} checked={format === 'json'} onChange={() => onFormat('json')} /> JSON
        Lines
      </label>
      <label title="Excel needs it to read UTF-8; LibreOffice and Google Sheets do not mind it">
        <input
          type="checkbox"
          checked={bom}
          disabled={format !== 'csv'}
          onChange={(e) => onBom(e.target.checked)}
        />{' '}
        {bomLabel}
      </label>
      {format === 'xlsx' && (
        <p className="rt-muted rt-format-note" data-testid="xlsx-sheet-note">
          Excel holds {formatInt(XLSX_EVENTS_PER_SHEET)} {rowNoun.one} a sheet; a longer export continues on
          sheets “{rowNoun.sheet} 2”, “{rowNoun.sheet} 3”… with the header repeated.
        </p>
      )}
    </fieldset>
  );
}
