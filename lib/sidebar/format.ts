import { type ActionTally, netLikes } from '../domain/metrics';
import { isUnanswered } from '../errors';
import {
  type CategoryConfig,
  type CategoryId,
  categoryConfig,
  DEFAULT_CATEGORIES,
  type Priority,
} from '../schemas/categories';
import type { Action } from '../schemas/event';
import type { Role } from '../schemas/member';
import type { TrackedThread } from '../schemas/thread';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type SlaState = 'due' | 'late' | 'met';
export interface SlaStatus {
  state: SlaState;
  label: string;
}

/** "5 h 12 min", "2 d 3 h", "45 min"; never "0 min". */
export function formatDuration(ms: number, round: 'up' | 'down' = 'down'): string {
  const raw = Math.max(0, ms) / MINUTE;
  const minutes = Math.max(1, round === 'up' ? Math.ceil(raw) : Math.floor(raw));
  const days = Math.floor(minutes / (DAY / MINUTE));
  const hours = Math.floor((minutes % (DAY / MINUTE)) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** Where a tracked thread stands against its first-reaction deadline. */
export function slaStatus(
  thread: Pick<TrackedThread, 'status' | 'slaDueAt' | 'firstReplyAt'>,
  now: Date,
): SlaStatus {
  const due = Date.parse(thread.slaDueAt);
  if (thread.firstReplyAt) {
    const lateBy = Date.parse(thread.firstReplyAt) - due;
    return {
      state: 'met',
      label: lateBy >= MINUTE ? `Answered, ${formatDuration(lateBy)} late` : 'Answered',
    };
  }
  if (thread.status === 'answered') return { state: 'met', label: 'Answered' };
  if (thread.status === 'closed') return { state: 'met', label: 'Closed' };
  const left = due - now.getTime();
  // Rounding up while due means "Due in 1 min" is never shown after the deadline passed.
  if (left > 0) return { state: 'due', label: `Due in ${formatDuration(left, 'up')}` };
  return { state: 'late', label: `${formatDuration(-left)} late` };
}

/** "just now", "2 min ago", "3 h ago", "yesterday", "4 d ago", then a short date. */
export function relativeTime(iso: string, now: Date): string {
  const then = new Date(iso);
  const ago = now.getTime() - then.getTime();
  // A little clock skew between the page and the background is normal; don't say "in 3 s".
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)} d ago`;
  const sameYear = then.getFullYear() === now.getFullYear();
  return then.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** Full local date and time, for a tooltip next to a relative time. */
export function absoluteTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Collapses whitespace and cuts at a word boundary, adding an ellipsis when anything was cut. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  // One very long word (a URL, a hash) is cut mid-word rather than leaving almost nothing.
  const head = space >= max * 0.5 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s.,;:!?–—-]+$/u, '')}…`;
}

export function categoryLabel(id: CategoryId, list: readonly CategoryConfig[] = DEFAULT_CATEGORIES): string {
  return categoryConfig(id, list).label;
}

const PRIORITY_LABELS: Record<Priority, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

export function priorityLabel(priority: Priority): string {
  return PRIORITY_LABELS[priority];
}

const ROLE_LABELS: Record<Role, string> = {
  ambassador: 'Ambassador',
  manager: 'Community manager',
  lead: 'Team lead',
};

/** "2 replies · 3 net likes": my activity in a period, the same words in the sidebar and the popup. */
export function tallyLine(t: ActionTally): string {
  const net = netLikes(t);
  return `${t.replies} ${t.replies === 1 ? 'reply' : 'replies'} · ${net} net ${net === 1 ? 'like' : 'likes'}`;
}

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

const ACTION_LABELS: Record<Action, string> = {
  reply: 'Reply',
  comment: 'Comment',
  like: 'Like',
  unlike: 'Unlike',
};

export function actionLabel(action: Action): string {
  return ACTION_LABELS[action];
}

/** X shows handles with an @; adapters may or may not include it. */
export function handle(author: string): string {
  return author.startsWith('@') ? author : `@${author}`;
}

/** Turns whatever a service threw into one sentence an ambassador can act on. */
export function describeError(err: unknown, doing: string): string {
  // Only words meant as a message: an Error's or a thrown string (an arbitrary object says nothing useful).
  const detail = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  // Chrome's wording after the extension was updated or reloaded under an open tab.
  if (/context invalidated/i.test(detail)) {
    return 'Reply Tracker was updated. Reload this page to keep counting your replies and likes.';
  }
  if (isUnanswered(detail)) {
    return `Couldn't ${doing}: Reply Tracker isn't responding. Try again in a moment.`;
  }
  return detail ? `Couldn't ${doing}. ${sentence(detail)}` : `Couldn't ${doing}. Try again in a moment.`;
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
