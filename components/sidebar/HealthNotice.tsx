import type { HealthWarning } from '../../lib/health/status';

/**
 * What X or YouTube changed that the counting depends on, said plainly (issue 14). An alert when some
 * actions may not be counted; a quiet note when one signal still carries them. Shared by the sidebar
 * and the popup.
 */
export function HealthNotice({
  warnings,
  className,
}: {
  warnings: readonly HealthWarning[];
  className?: string;
}) {
  if (warnings.length === 0) return null;
  return (
    <>
      {warnings.map((w) => (
        <div
          key={w.platform}
          className={`${className ?? ''} rt-health rt-health-${w.level}`.trim()}
          role={w.level === 'at-risk' ? 'alert' : 'status'}
          data-testid="rt-health-warning"
          data-level={w.level}
          data-platform={w.platform}
        >
          <p>{w.message}</p>
        </div>
      ))}
    </>
  );
}
