import { useEffect } from 'react';
import { useSettings } from '../../lib/popup/react';
import { isSilent } from '../../lib/popup/store';
import { absoluteTime, relativeTime } from '../../lib/ui/format';
import { useNow } from './SyncState';

/** Managers and leads: is everyone's activity actually arriving? */
export function TeamView({ now }: { now: () => Date }) {
  const team = useSettings((s) => s.team);
  const teamError = useSettings((s) => s.teamError);
  const loadTeam = useSettings((s) => s.loadTeam);
  const at = useNow(now, 60_000);
  useEffect(() => {
    void loadTeam();
  }, [loadTeam]);

  const silent = team?.filter((m) => isSilent(m, at)).length ?? 0;
  const failing = team?.filter((m) => m.lastError).length ?? 0;
  return (
    <section aria-labelledby="rt-team-title" className="rt-card" data-testid="team-view">
      <div className="rt-row">
        <h2 id="rt-team-title" className="rt-title">
          Team
        </h2>
        {team ? (
          <span className="rt-muted" data-testid="team-summary">
            {team.length} members
            {silent ? ` · ${silent} silent` : ''}
            {failing ? ` · ${failing} with errors` : ''}
          </span>
        ) : null}
      </div>
      {teamError ? (
        <p className="rt-error" role="alert" data-testid="team-error">
          {teamError}
        </p>
      ) : null}
      {!team && !teamError ? <p className="rt-muted">Loading…</p> : null}
      {team && team.length > 0 ? (
        <table className="rt-team">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Last sync</th>
              <th scope="col" title="Events logged this month (UTC)">
                Month
              </th>
            </tr>
          </thead>
          <tbody>
            {team.map((m) => {
              const quiet = isSilent(m, at);
              return (
                <tr
                  key={m.name}
                  data-testid="team-row"
                  data-member={m.name}
                  data-silent={String(quiet)}
                  data-error={String(Boolean(m.lastError))}
                  className={quiet ? 'rt-silent' : undefined}
                >
                  <th scope="row">
                    <span className="rt-member">{m.name}</span>
                    {m.role !== 'ambassador' ? <span className="rt-role"> {m.role}</span> : null}
                    {m.lastError ? (
                      <span className="rt-member-error" title={m.lastError}>
                        {m.lastError}
                      </span>
                    ) : null}
                  </th>
                  <td>
                    {m.lastSyncAt ? (
                      <time dateTime={m.lastSyncAt} title={absoluteTime(m.lastSyncAt)}>
                        {relativeTime(m.lastSyncAt, at)}
                      </time>
                    ) : (
                      'Never'
                    )}
                    {quiet ? <span className="rt-visually-hidden"> (silent for over 24 hours)</span> : null}
                    {m.pending ? <span className="rt-muted"> · {m.pending} pending</span> : null}
                  </td>
                  <td>
                    <span title={`${m.eventsToday} today`}>{m.eventsThisMonth}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
