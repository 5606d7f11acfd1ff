import { useEffect, useId } from 'react';
import { describeTeamWarning } from '../../lib/health/status';
import { usePages } from '../../lib/pages/react';
import { isSilent } from '../../lib/pages/store';
import { absoluteTime, categoryLabel, handle, relativeTime } from '../../lib/sidebar/format';
import { useNow } from './SyncState';

/** Managers and leads: is everyone's activity actually arriving? */
export function TeamView({ now }: { now: () => Date }) {
  const team = usePages((s) => s.team);
  const teamError = usePages((s) => s.teamError);
  const loadTeam = usePages((s) => s.loadTeam);
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
              <th scope="col" title="Replies plus net likes this month (UTC), as in the team report">
                Actions
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
                    {quiet ? (
                      <span className="rt-flag" title="No sync heard for over 24 hours">
                        {' '}
                        · silent
                      </span>
                    ) : !m.lastSyncAt ? (
                      <span className="rt-muted"> · new</span>
                    ) : null}
                    {m.pending ? <span className="rt-muted"> · {m.pending} pending</span> : null}
                  </td>
                  <td>
                    <span title={`${m.actionsToday ?? m.eventsToday} today`}>
                      {m.actionsThisMonth ?? m.eventsThisMonth}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <SiteChanges at={at} />
      <Suggestions at={at} />
    </section>
  );
}

/** Threads ambassadors asked the manager to track; opening one shows it with the sidebar's Track form. */
function Suggestions({ at }: { at: Date }) {
  const suggestions = usePages((s) => s.suggestions);
  const dismiss = usePages((s) => s.dismissSuggestion);
  const headingId = useId();
  if (!suggestions) return null;
  return (
    <section aria-labelledby={headingId} className="rt-suggestions" data-testid="team-suggestions">
      <h3 id={headingId} className="rt-subtitle">
        Suggested by ambassadors{suggestions.length ? ` (${suggestions.length})` : ''}
      </h3>
      {suggestions.length === 0 ? (
        <p className="rt-muted">No threads waiting for your decision.</p>
      ) : (
        <ul className="rt-suggestion-list">
          {suggestions.map((x) => (
            <li key={x.id} data-testid="team-suggestion" data-category={x.category}>
              <p>
                <strong>{x.suggestedBy}</strong> · {categoryLabel(x.category)} ·{' '}
                <time dateTime={x.createdAt} title={absoluteTime(x.createdAt)}>
                  {relativeTime(x.createdAt, at)}
                </time>
              </p>
              {x.excerpt ? <p className="rt-muted rt-clamp">“{x.excerpt}”</p> : null}
              {x.note ? <p className="rt-suggestion-note">{x.note}</p> : null}
              <p className="rt-row rt-suggestion-actions">
                <a href={x.url} target="_blank" rel="noopener">
                  Open {x.author ? `${handle(x.author)}'s post` : 'the post'} to track it
                </a>
                <button
                  type="button"
                  className="rt-link"
                  aria-label={`Dismiss ${x.suggestedBy}'s suggestion`}
                  onClick={() => void dismiss(x.id)}
                >
                  Dismiss
                </button>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Members whose counting an X or YouTube change affects, what may be missing and since when. Shown only
 * when there is something to fix: a healthy team sees nothing here, so it never cries wolf.
 */
function SiteChanges({ at }: { at: Date }) {
  const health = usePages((s) => s.teamHealth);
  const headingId = useId();
  const affected = health?.filter((m) => m.warnings.length > 0) ?? [];
  if (affected.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="rt-site-changes" data-testid="team-health">
      <h3 id={headingId} className="rt-subtitle">
        Site changes affecting counts ({affected.length === 1 ? '1 member' : `${affected.length} members`})
      </h3>
      <ul className="rt-site-change-list">
        {affected.flatMap((m) =>
          m.warnings.map((w) => (
            <li
              key={`${m.name}:${w.platform}`}
              data-testid="team-health-warning"
              data-member={m.name}
              data-platform={w.platform}
              data-level={w.level}
            >
              <p>
                <strong>{m.name}</strong> · {describeTeamWarning(w)}
              </p>
              <p className="rt-muted">
                First seen{' '}
                <time dateTime={w.since} title={absoluteTime(w.since)}>
                  {relativeTime(w.since, at)}
                </time>{' '}
                ·{' '}
                <span title="The checks that failed, for whoever updates Reply Tracker">
                  {w.checks.join(', ')}
                </span>
              </p>
            </li>
          )),
        )}
      </ul>
    </section>
  );
}
