import { useEffect, useId } from 'react';
import { shortDuration } from '../../lib/inbox/format';
import { categoryConfig } from '../../lib/schemas/categories';
import type { QueueItem } from '../../lib/schemas/mention';
import { useSidebar } from '../../lib/sidebar/react';
import { useNow } from './useNow';

const PLATFORM: Record<QueueItem['platform'], string> = { x: 'X', youtube: 'YouTube' };

function due(item: QueueItem, now: Date): { overdue: boolean; text: string } {
  const left = Date.parse(item.slaDueAt) - now.getTime();
  if (item.replied) return { overdue: false, text: 'the team replied' };
  return left >= 0
    ? { overdue: false, text: `reply due in ${shortDuration(left)}` }
    : { overdue: true, text: `overdue by ${shortDuration(left)}` };
}

/**
 * An ambassador's queue on any x.com or YouTube page: threads a manager assigned to them and the team's
 * overdue ones, each a link to go and answer.
 */
export function QueueSection() {
  const headingId = useId();
  const watch = useSidebar((s) => s.watchQueue);
  const queue = useSidebar((s) => s.queue);
  const error = useSidebar((s) => s.queueError);
  const now = useNow();
  useEffect(() => watch(), [watch]);
  // Not connected (or not asked yet): the sidebar has no team queue to show.
  if (!queue) return null;
  const assigned = queue.filter((i) => i.reason === 'assigned').length;
  const overdue = queue.length - assigned;
  return (
    <section className="rt-section rt-queue" aria-labelledby={headingId} data-testid="rt-queue">
      <h3 id={headingId} className="rt-section-title">
        Your queue
      </h3>
      {error ? (
        <p className="rt-error" role="alert">
          {error}
        </p>
      ) : null}
      {queue.length === 0 ? (
        <p className="rt-muted" data-testid="rt-queue-empty">
          Nothing assigned to you, and no team thread is overdue.
        </p>
      ) : (
        <>
          <p className="rt-muted">
            {assigned} assigned to you · {overdue} overdue for the team
          </p>
          <ul className="rt-queue-list">
            {queue.map((item) => {
              const d = due(item, now);
              const label = categoryConfig(item.category).label;
              return (
                <li
                  key={`${item.reason}:${item.mentionId ?? item.threadId ?? item.url}`}
                  data-reason={item.reason}
                >
                  <a href={item.url} data-testid="rt-queue-link">
                    <span className="rt-queue-who">
                      {item.authorHandle ?? PLATFORM[item.platform]}
                      <span className="rt-muted">
                        {' '}
                        · {PLATFORM[item.platform]} · {label}
                      </span>
                    </span>
                    {item.excerpt ? <span className="rt-queue-text">{item.excerpt}</span> : null}
                    <span className={d.overdue ? 'rt-queue-due rt-overdue' : 'rt-queue-due'}>
                      {item.reason === 'assigned' ? 'Assigned to you' : 'Overdue'} · {d.text}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
