/**
 * Start an export, or cancel the one running: one button in the same place, so the keyboard focus
 * stays where it was. Every export (the dashboard's events and mentions, the options page's own log)
 * uses it; `testId` names both (`<testId>-start`, `<testId>-cancel`).
 */
export function ExportButton({
  running,
  onStart,
  onCancel,
  testId,
  startLabel = 'Export',
  cancelLabel = 'Cancel',
  disabled = false,
}: {
  running: boolean;
  onStart(): unknown;
  onCancel(): unknown;
  testId: string;
  startLabel?: string;
  cancelLabel?: string;
  /** The start button only: nothing to export yet (incomplete filters). */
  disabled?: boolean;
}) {
  return running ? (
    <button
      type="button"
      className="rt-button rt-secondary"
      onClick={() => void onCancel()}
      data-testid={`${testId}-cancel`}
    >
      {cancelLabel}
    </button>
  ) : (
    <button
      type="button"
      className="rt-button"
      onClick={() => void onStart()}
      disabled={disabled}
      data-testid={`${testId}-start`}
    >
      {startLabel}
    </button>
  );
}
