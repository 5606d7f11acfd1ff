import { describeTeamWarning } from '@/lib/health/status';
import { formatDateTime } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { selectTimeZone } from '@/lib/reports/store';
import { PLATFORM_LABEL } from './labels';

/**
 * Which members may be missing counts because X or YouTube changed, what and since when (issue 14):
 * the same judgement as each member's sidebar, so the figures below can be read with it in mind.
 */
export function SiteHealthPanel() {
  const health = useDashboard((s) => s.siteHealth);
  const error = useDashboard((s) => s.siteHealthError);
  const tz = useDashboard(selectTimeZone);
  if (!health && !error) return null;
  const affected = health?.members.filter((m) => m.warnings.length > 0) ?? [];
  const notices = health?.members.flatMap((m) =>
    m.records.filter((r) => r.affects.length === 0).map((r) => ({ member: m.name, record: r })),
  );
  return (
    <section
      className="rt-card rt-section no-print"
      aria-labelledby="rt-site-health-title"
      data-testid="site-health"
    >
      <header className="rt-card-head">
        <div>
          <h2 id="rt-site-health-title">Site changes</h2>
          <p className="rt-muted">
            When X or YouTube change what Reply Tracker reads, members’ counts may be incomplete until it is
            updated.
          </p>
        </div>
      </header>
      {error && <p className="rt-bad">Could not check for site changes: {error}</p>}
      {health && affected.length === 0 && (
        <p data-testid="site-health-ok">No site change affects anyone’s counting.</p>
      )}
      {affected.length > 0 && (
        <table className="rt-table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">What may be missing</th>
              <th scope="col">Since</th>
              <th scope="col">Checks that failed</th>
            </tr>
          </thead>
          <tbody>
            {affected.flatMap((m) =>
              m.warnings.map((w) => (
                <tr
                  key={`${m.name}:${w.platform}`}
                  data-testid="site-health-row"
                  data-member={m.name}
                  data-platform={w.platform}
                  data-level={w.level}
                >
                  <th scope="row">
                    {m.name}
                    {m.clientVersion ? <span className="rt-muted"> · v{m.clientVersion}</span> : null}
                  </th>
                  <td className={w.level === 'at-risk' ? 'rt-bad' : undefined}>{describeTeamWarning(w)}</td>
                  <td>{formatDateTime(w.since, tz)}</td>
                  <td className="rt-muted">
                    {PLATFORM_LABEL[w.platform]}: {w.checks.join(', ')}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
      {notices && notices.length > 0 && (
        <details>
          <summary>For maintainers: {notices.length} change(s) noticed that lose no counts</summary>
          <ul>
            {notices.map(({ member, record }) => (
              <li key={`${member}:${record.platform}:${record.page}:${record.check}`}>
                {member} · {PLATFORM_LABEL[record.platform]} · {record.check}
                {record.detail ? ` · ${record.detail}` : ''}
                {record.shape?.length ? ` · shape: ${record.shape.join(', ')}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
