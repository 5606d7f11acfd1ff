import { useId } from 'react';
import { replyUrl, targetUrl } from '../../lib/domain/links';
import type { StoredEvent } from '../../lib/schemas/event';
import { absoluteTime, actionLabel, excerpt, handle, relativeTime } from '../../lib/sidebar/format';
import { useSidebar } from '../../lib/sidebar/react';
import { ActionIcon } from './icons';
import { useNow } from './useNow';

export function MyEvents() {
  const headingId = useId();
  const events = useSidebar((s) => s.events);
  const loaded = useSidebar((s) => s.loaded);
  const now = useNow();

  return (
    <section className="rt-section" aria-labelledby={headingId} data-testid="rt-my-activity">
      <h3 id={headingId} className="rt-section-title">
        What I did here
      </h3>
      {events.length > 0 ? (
        <ul className="rt-events">
          {events.map((e) => (
            <EventRow key={e.id} event={e} now={now} />
          ))}
        </ul>
      ) : (
        <p className="rt-empty">
          {loaded ? 'Nothing yet. Your replies and likes here are counted automatically.' : 'Loading…'}
        </p>
      )}
    </section>
  );
}

function EventRow({ event, now }: { event: StoredEvent; now: Date }) {
  return (
    <li className="rt-event" data-testid="rt-event" data-action={event.action}>
      <span className="rt-event-icon" data-action={event.action}>
        <ActionIcon action={event.action} />
      </span>
      <div className="rt-event-body">
        <p className="rt-event-line">
          <span className="rt-event-label">{actionLabel(event.action)}</span>
          <time dateTime={event.occurredAt} title={absoluteTime(event.occurredAt)} className="rt-muted">
            {relativeTime(event.occurredAt, now)}
          </time>
        </p>
        <TargetLine event={event} />
        {event.replyText && <p className="rt-event-text">{excerpt(event.replyText, 120)}</p>}
        {event.replyId && (
          <a className="rt-link" href={replyUrl(event)}>
            View my reply
          </a>
        )}
      </div>
    </li>
  );
}

/** What an action was on, in words: in a long thread a like may be on any of its replies. */
export function targetName(
  event: Pick<StoredEvent, 'platform' | 'targetId' | 'targetAuthor' | 'conversationId'>,
): string {
  const whose = event.targetAuthor ? `${handle(event.targetAuthor)}’s` : undefined;
  if (event.platform === 'youtube') {
    const comment = !!event.conversationId && event.conversationId !== event.targetId;
    if (comment) return whose ? `${whose} comment` : 'a comment';
    return 'the video';
  }
  return whose ? `${whose} post` : 'a post';
}

function TargetLine({ event }: { event: StoredEvent }) {
  const href = targetUrl(event);
  const name = targetName(event);
  return (
    <p className="rt-event-target" data-testid="rt-event-target">
      On{' '}
      {href ? (
        <a className="rt-link" href={href}>
          {name}
        </a>
      ) : (
        name
      )}
    </p>
  );
}
