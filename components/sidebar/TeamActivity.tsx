import { useId, useMemo } from 'react';
import { replyUrl } from '../../lib/domain/links';
import type { TeamActivityItem } from '../../lib/schemas/api';
import { absoluteTime, actionLabel, excerpt, relativeTime } from '../../lib/sidebar/format';
import { useSidebar } from '../../lib/sidebar/react';
import { ActionIcon } from './icons';
import { useNow } from './useNow';

/**
 * Net of unlikes: a like taken back is not a like. Replies are all kept, since each says something.
 */
export function netTeamActivity(items: readonly TeamActivityItem[]): TeamActivityItem[] {
  const likes = new Map<string, TeamActivityItem>();
  const out: TeamActivityItem[] = [];
  // Oldest first, so a later unlike cancels the like before it.
  for (const e of [...items].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))) {
    const key = `${e.member}:${e.targetId}`;
    if (e.action === 'like') likes.set(key, e);
    else if (e.action === 'unlike') likes.delete(key);
    else out.push(e);
  }
  return [...out, ...likes.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/** Who in the team already replied or liked here, so the ambassador adds to the dialogue. */
export function TeamActivity() {
  const headingId = useId();
  const team = useSidebar((s) => s.team);
  const loaded = useSidebar((s) => s.teamLoaded);
  const me = useSidebar((s) => s.sync?.member?.name);
  // "What I did here" lists mine; this is what the others did.
  const items = useMemo(() => (team ? netTeamActivity(team).filter((e) => e.member !== me) : []), [team, me]);
  const now = useNow();
  if (!team) return null;

  return (
    <section className="rt-section" aria-labelledby={headingId} data-testid="rt-team-activity">
      <h3 id={headingId} className="rt-section-title">
        From your team
      </h3>
      {items.length > 0 ? (
        <ul className="rt-events">
          {items.map((e) => (
            <li key={e.id} className="rt-event" data-testid="rt-team-event" data-action={e.action}>
              <span className="rt-event-icon" data-action={e.action}>
                <ActionIcon action={e.action} />
              </span>
              <div className="rt-event-body">
                <p className="rt-event-line">
                  <span className="rt-event-label">
                    {e.member} · {actionLabel(e.action).toLowerCase()}
                  </span>
                  <time dateTime={e.occurredAt} title={absoluteTime(e.occurredAt)} className="rt-muted">
                    {relativeTime(e.occurredAt, now)}
                  </time>
                </p>
                {e.replyText && <p className="rt-event-text">{excerpt(e.replyText, 160)}</p>}
                {e.replyId && (
                  <a className="rt-link" href={replyUrl(e)}>
                    View reply
                  </a>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="rt-empty">
          {loaded ? 'Nobody from the team has replied or liked here yet.' : 'Loading…'}
        </p>
      )}
    </section>
  );
}
