import type { SyncStateView, SyncTone } from '../../lib/sync/state';

// A shape per tone, so the state reads without colour (WCAG 1.4.1).
const GLYPH: Record<SyncTone, string> = { ok: '✓', busy: '↻', warn: '!', error: '×', neutral: '–' };

/** The sync state's pill (popup, options) or, `compact`, the sidebar header's dot with its name. */
export function SyncStateBadge({
  view,
  compact = false,
  testId = 'sync-state',
}: {
  view: SyncStateView;
  compact?: boolean;
  testId?: string;
}) {
  const glyph = (
    <span className="rt-sync-glyph" aria-hidden="true">
      {GLYPH[view.tone]}
    </span>
  );
  if (compact) {
    const name = `Sync: ${view.label}. ${view.detail}${view.nextTry ? ` ${view.nextTry.text}` : ''}`;
    return (
      <span
        className="rt-sync-dot"
        role="img"
        aria-label={name}
        title={name}
        data-testid={testId}
        data-state={view.kind}
        data-tone={view.tone}
      >
        {glyph}
      </span>
    );
  }
  return (
    <span className="rt-pill rt-sync-pill" data-testid={testId} data-state={view.kind} data-tone={view.tone}>
      {glyph}
      {view.label}
    </span>
  );
}
